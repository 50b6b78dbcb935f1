/**
 * The render cache: a report generated again for the same definition, time
 * range and principal within `ttlMs` reuses the earlier run's data and files
 * instead of querying and rendering again.
 *
 * Invariant: the key hashes everything that decides what a reader sees: the
 * tenant, the report's content (queries, range, formats, title), the
 * principal, and the policies that apply to that principal together with the
 * masking rules and tenant settings. Two principals never share an entry,
 * and any policy or masking change yields a new key, so a cache entry can
 * never show data under permissions that no longer hold.
 */
import { createHash } from 'node:crypto';
import type { CompileContext } from '../../query/index.ts';
import { policyApplies } from '../../query/passes/policy-match.ts';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { StoredReport } from '../definitions/types.ts';
import type { ReportDocument } from '../render/model.ts';

const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/** What a cached generation keeps: the document without rows, the numbers, and where its files are. */
export interface CachedRender {
  runId: string;
  /** File names are `<prefix><suffix>` in the tenant's report directory. */
  prefix: string;
  doc: ReportDocument;
  rowCounts: number[];
  counts: [string, number][];
  failing: string[];
  files: { format: string; suffix: string; bytes: number }[];
}

export function securityHash(ctx: CompileContext): string {
  const effective = ctx.policies.filter((p) => policyApplies(p, ctx.principal));
  return sha({ policies: effective, masking: ctx.maskingRules, settings: ctx.tenantSettings });
}

export function cacheKey(report: StoredReport, tenantName: string, ctx: CompileContext): string {
  const d = report.definition;
  return sha({
    tenant: ctx.tenantId,
    tenantName,
    report: report.id,
    content: { name: d.name, description: d.description, queries: d.queries, timeRange: d.timeRange, formats: d.formats },
    principal: ctx.principal,
    security: securityHash(ctx),
  });
}

function revive(doc: ReportDocument): ReportDocument {
  const t = doc.timeRange;
  return {
    ...doc,
    sections: [],
    generatedAt: new Date(doc.generatedAt),
    timeRange: { ...t, from: new Date(t.from), to: new Date(t.to) },
  };
}

export class RenderCache {
  constructor(
    private readonly db: SqlExecutor,
    readonly ttlMs: number
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  async get(key: string, now: Date): Promise<CachedRender | null> {
    if (!this.enabled) return null;
    const [row] = await this.db.query<{ payload: CachedRender | string }>(
      'SELECT payload FROM report_cache WHERE key = $1 AND expires_at > $2',
      [key, now]
    );
    if (!row) return null;
    const p = typeof row.payload === 'string' ? (JSON.parse(row.payload) as CachedRender) : row.payload;
    return { ...p, doc: revive(p.doc) };
  }

  async put(key: string, report: StoredReport, entry: CachedRender, now: Date): Promise<void> {
    if (!this.enabled) return;
    const payload = JSON.stringify({ ...entry, doc: { ...entry.doc, sections: [] } });
    await this.db.query(
      `INSERT INTO report_cache (key, tenant_id, report_id, run_id, payload, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, payload = excluded.payload,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
      [key, report.tenantId, report.id, entry.runId, payload, now, new Date(now.getTime() + this.ttlMs)]
    );
  }

  async forget(key: string): Promise<void> {
    await this.db.query('DELETE FROM report_cache WHERE key = $1', [key]);
  }

  /** Drops expired entries (the retention sweep calls this). */
  async sweep(now: Date): Promise<number> {
    return (await this.db.query('DELETE FROM report_cache WHERE expires_at <= $1 RETURNING key', [now])).length;
  }
}
