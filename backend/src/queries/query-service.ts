/**
 * Runs model queries for the HTTP layer: compile with the request's context,
 * execute on the analytics driver with bound parameters, shape Grafana data
 * frames, audit. One failing query of a batch yields a per-query error; the
 * others still answer.
 */
import { fromGrafanaQuery, LIMITS } from '@semantest/query-model';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { compileAnnotationsQuery, compileQuery, compileValuesQuery, toDataFrames, type AnnotationsRequest, type CompileContext, type CompiledQuery, type DataFrameJSON, type FrameFormat } from '../query/index.ts';
import type { RequestAccess } from '../security/request-access.ts';
import { compileContext } from './context.ts';
import { CompileCache } from './compile-cache.ts';
import { QueryExecutionError, toQueryError, type QueryError } from './query-errors.ts';
import { toAnnotations, type Annotation } from './annotations.ts';

export interface BatchRequest {
  queries: readonly unknown[];
  range?: { from: number | string; to: number | string };
  intervalMs?: number;
  timezone?: string;
  format?: FrameFormat;
}

export interface QueryResult {
  frames: DataFrameJSON[];
  status: number;
  error?: QueryError;
  sql?: string;
  appliedPolicies?: readonly string[];
}

type Access = Pick<RequestAccess, 'auth' | 'compilePrincipal' | 'security' | 'actor' | 'actorKind' | 'isAdmin'>;

export class QueryService {
  /** Self-monitoring hook (backend/src/platform): each model query's tenant, duration and outcome. */
  observer: ((tenantId: string, durationMs: number, ok: boolean) => void) | undefined;
  /** Compiled panel queries per security version (compile-cache.ts); undefined compiles every time (benchmark baseline). */
  compileCache: CompileCache | undefined = new CompileCache();

  constructor(private readonly analytics: AnalyticsDriver, private readonly audit: AuditLog) {}

  /** Runs compiled SQL; engine failures become QueryExecutionError (no engine text reaches users). */
  async execute(compiled: { sql: string; params: Readonly<Record<string, unknown>> }): Promise<Record<string, unknown>[]> {
    try {
      return await this.analytics.query(compiled.sql, { ...compiled.params });
    } catch (err) {
      throw new QueryExecutionError(engineName(err));
    }
  }

  async runBatch(access: Access, body: BatchRequest): Promise<{ results: Record<string, QueryResult> }> {
    const ctx = compileContext(access);
    const timing = { ...(body.range ? { from: body.range.from, to: body.range.to } : {}), ...(body.intervalMs ? { intervalMs: Math.max(LIMITS.minIntervalMs, body.intervalMs) } : {}), ...(body.timezone ? { timezone: body.timezone } : {}) };
    const answers = await Promise.all(body.queries.map(async (raw, i) => {
      const refId = refIdOf(raw, i);
      const model = normaliseEnvelope(fromGrafanaQuery(raw, timing), refId);
      return [refId, await this.#runOne(access, ctx, model, body.format ?? 'auto')] as const;
    }));
    return { results: Object.fromEntries(answers) };
  }

  async #runOne(access: Access, ctx: CompileContext, model: unknown, format: FrameFormat): Promise<QueryResult> {
    const started = performance.now();
    let compiled: CompiledQuery | undefined;
    try {
      compiled = this.compileCache ? this.compileCache.compile(model, ctx, access.security) : compileQuery(model, ctx);
      const rows = await this.execute(compiled);
      this.observer?.(access.auth.tenant.id, performance.now() - started, true);
      this.#audit(access, 'query', compiled.dataset, 'success', 'low', { durationMs: Math.round(performance.now() - started), rows: rows.length, appliedPolicies: compiled.appliedPolicies, appliedMasks: compiled.appliedMasks, usedRollup: compiled.usedRollup });
      return {
        frames: toDataFrames(compiled, rows, format),
        status: 200,
        appliedPolicies: compiled.appliedPolicies,
        ...(access.isAdmin ? { sql: compiled.sql } : {}),
      };
    } catch (err) {
      const error = toQueryError(err);
      const dataset = compiled?.dataset ?? datasetOf(model);
      const violation = error.status === 403;
      this.observer?.(access.auth.tenant.id, performance.now() - started, false);
      this.#audit(access, violation ? 'security_violation' : 'query', dataset, violation ? 'denied' : 'error', violation ? 'high' : 'low', { code: error.code, durationMs: Math.round(performance.now() - started) });
      return { frames: [], status: error.status, error: { code: error.code, message: error.message, status: error.status, ...(error.issues ? { issues: error.issues } : {}) } };
    }
  }

  async values(access: Access, dimension: string, opts: { q?: string; limit?: number; dataset?: string; from?: number | string; to?: number | string }): Promise<string[]> {
    const ctx = compileContext(access);
    const compiled = compileValuesQuery(dimension, opts.q, opts.limit, ctx, {
      ...(opts.dataset ? { dataset: opts.dataset } : {}),
      ...(opts.from !== undefined && opts.to !== undefined ? { timeRange: { from: opts.from, to: opts.to } } : {}),
    });
    const rows = await this.execute(compiled);
    this.#audit(access, 'values', compiled.dataset, 'success', 'low', { field: dimension, rows: rows.length, appliedPolicies: compiled.appliedPolicies });
    return rows.map((r) => (r.d0 === null || r.d0 === undefined ? '' : String(r.d0)));
  }

  async annotations(access: Access, req: AnnotationsRequest): Promise<Annotation[]> {
    const compiled = compileAnnotationsQuery(req, compileContext(access));
    const rows = await this.execute(compiled);
    this.#audit(access, 'annotations', req.kind, 'success', 'low', { rows: rows.length, appliedPolicies: compiled.appliedPolicies });
    return toAnnotations(req.kind, rows);
  }

  /** What `as` would see for `model`: compiled under that user's principal, same tenant. */
  async preview(access: Access, as: Access['compilePrincipal'], model: unknown) {
    const ctx = { ...compileContext(access), principal: as };
    const compiled = compileQuery(model, ctx);
    const rows = await this.execute(compiled);
    this.#audit(access, 'policy.preview', compiled.dataset, 'success', 'medium', { as, rows: rows.length, appliedPolicies: compiled.appliedPolicies });
    return { frames: toDataFrames(compiled, rows), appliedPolicies: compiled.appliedPolicies, appliedMasks: compiled.appliedMasks, sql: compiled.sql };
  }

  #audit(access: Access, action: string, resource: string, outcome: 'success' | 'denied' | 'error', risk: 'low' | 'medium' | 'high', details: Record<string, unknown>): void {
    this.audit.record({ tenantId: access.auth.tenant.id, actor: access.actor, actorKind: access.actorKind, action, resource, outcome, risk, details });
  }
}

function engineName(err: unknown): string {
  const m = /\(([A-Z][A-Z0-9_]{2,})\)/.exec(err instanceof Error ? err.message : String(err));
  return m?.[1] ?? 'UNKNOWN';
}

function refIdOf(raw: unknown, i: number): string {
  const r = (raw as { refId?: unknown } | null)?.refId;
  return typeof r === 'string' && r.length > 0 ? r.slice(0, 64) : String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(i) : '');
}

/** Grafana sends intervalMs on every DataQuery; clamp it into the model's range, keep the refId. */
function normaliseEnvelope(q: unknown, refId: string): unknown {
  if (typeof q !== 'object' || q === null || Array.isArray(q)) return q;
  const out: Record<string, unknown> = { ...(q as Record<string, unknown>), refId };
  if (typeof out.intervalMs === 'number') out.intervalMs = Math.min(LIMITS.maxIntervalMs, Math.max(LIMITS.minIntervalMs, Math.round(out.intervalMs)));
  return out;
}

function datasetOf(model: unknown): string {
  const d = (model as { dataset?: unknown } | null)?.dataset;
  return typeof d === 'string' ? d.slice(0, 40) : 'unknown';
}
