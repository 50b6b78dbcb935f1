/**
 * Executes one report run end to end: open a run row (or adopt the queued
 * one of a "run now"), gather the data under the report's principal (or a
 * render-cache hit, generate.ts), evaluate the condition, render each format
 * into DATA_DIR/reports/<tenant>/<run>.<ext>, deliver (through the delivery
 * ledger), finish the row, audit. Never throws for a report failure: the
 * outcome is the row.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { QueryService } from '../../queries/query-service.ts';
import type { TenantSecurityService } from '../../security/tenant-security.ts';
import type { TenantService } from '../../tenancy/tenants.ts';
import type { ReportDocument } from '../render/model.ts';
import type { Channel, RunAs, StoredReport } from '../definitions/types.ts';
import { evaluate } from './condition.ts';
import { Generator, removeFiles, type Generation } from './generate.ts';
import type { RenderCache } from './render-cache.ts';
import { reportContext } from './report-context.ts';
import type { ReportRun, RunStore } from './run-store.ts';

export interface RenderedFile {
  format: string;
  path: string;
  bytes: number;
}

/** Sends a finished report; throws on a failed delivery (the run then fails and may be retried). */
export type Deliver = (
  report: StoredReport,
  run: ReportRun,
  doc: ReportDocument,
  files: RenderedFile[],
  previous?: Pick<ReportDocument, 'summary'>
) => Promise<void>;

export interface RunnerDeps {
  dataDir: string;
  runs: RunStore;
  tenants: TenantService;
  security: TenantSecurityService;
  queries: QueryService;
  audit: AuditLog;
  cache: RenderCache;
  deliver?: Deliver;
}

export interface Trigger {
  kind: 'manual' | 'schedule';
  tickAt?: Date;
  attempt?: number;
  /** Who pressed "run now" (audit actor); the scheduler acts as the report itself. */
  actor?: string;
  /** A run row queued earlier ("run now" through the queue): this attempt adopts it instead of creating one. */
  runId?: string;
}

export class ReportRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async #open(report: StoredReport, trigger: Trigger): Promise<ReportRun> {
    const queued = trigger.runId ? await this.deps.runs.get(trigger.runId) : undefined;
    if (queued?.status === 'queued') return queued;
    const tickAt = trigger.tickAt ?? null;
    return this.deps.runs.queue(report.tenantId, report.id, trigger.kind, tickAt, trigger.attempt ?? 1);
  }

  async run(report: StoredReport, trigger: Trigger, now = new Date()): Promise<ReportRun> {
    const { runs, tenants, security, queries, dataDir, cache } = this.deps;
    const def = report.definition;
    const run = await this.#open(report, trigger);
    const started = performance.now();
    const made: Generation[] = [];
    let finished: ReportRun;
    try {
      await runs.start(run.id);
      const tenant = await tenants.getById(report.tenantId);
      const tenantSecurity = await security.load(tenant);
      const dir = join(dataDir, 'reports', tenant.id);
      const gen = new Generator(queries, cache, dir);
      const who = { slug: tenant.slug, name: tenant.name };
      const main = await gen.gather(report, who, reportContext(tenant.id, def.runAs, tenantSecurity, now));
      made.push(main);
      const rows = main.rowCounts.reduce((a, b) => a + b, 0);
      // main.failing is already the new failures of this window (failing-tests.ts: the one rule).
      const fresh = def.condition.kind === 'new_failures' ? main.failing : [];
      const notes = fresh.slice(0, 20).map((t) => `New failure: ${t}`);
      if (fresh.length > 20) notes.push(`… and ${fresh.length - 20} more new failures`);
      const doc: ReportDocument = { ...main.doc, summary: { headline: main.doc.summary?.headline ?? [], notes } };
      const verdict = evaluate(def.condition, main.rowCounts, main.counts, fresh);
      const common = { rows, rowCounts: main.rowCounts, failing: main.failing, durationMs: 0 };
      if (!verdict.send) {
        finished = await runs.finish(run.id, { ...common, status: 'skipped', reason: verdict.reason, durationMs: ms(started) });
      } else {
        await mkdir(dir, { recursive: true });
        const previous = await runs.lastSummary(report.id);
        const prev = previous ? { summary: previous } : undefined;
        main.doc = doc;
        const mainFiles = await gen.materialize(report, main, run.id);
        if (!def.perRecipient) {
          await this.deps.deliver?.(report, run, doc, mainFiles, prev);
        } else {
          // Per-recipient mode: every e-mail recipient gets the report computed under their own
          // identity (login = e-mail, role Viewer) and policies; other channels get the main one.
          const others = def.channels.filter((c) => c.kind !== 'email');
          await this.deps.deliver?.(withChannels(report, others), run, doc, mainFiles, prev);
          const recipients = def.channels.flatMap((c) => (c.kind === 'email' ? c.recipients : []));
          for (const [i, email] of recipients.entries()) {
            const as: RunAs = { kind: 'user', login: email, email, role: 'Viewer' };
            const own = await gen.gather(report, who, reportContext(tenant.id, as, tenantSecurity, now));
            made.push(own);
            const mine = await gen.materialize(report, own, `${run.id}-r${i}`);
            const only = withChannels(report, [{ kind: 'email', recipients: [email] }]);
            await this.deps.deliver?.(only, run, own.doc, mine, prev);
          }
        }
        const files = made.flatMap((g) => g.files);
        finished = await runs.finish(run.id, {
          ...common,
          status: 'succeeded',
          bytes: files.reduce((a, f) => a + f.bytes, 0),
          files,
          summary: doc.summary,
          ...(main.cached ? { cachedFrom: main.cached.runId } : {}),
          durationMs: ms(started),
        });
        for (const g of made) await gen.remember(report, run.id, g, now);
      }
    } catch (err) {
      // A failed run keeps no files: a half-delivered report must not look complete.
      await removeFiles(made.flatMap((g) => g.files));
      const message =
        err instanceof Error
          ? `${(err as { code?: string }).code ? `${(err as { code?: string }).code}: ` : ''}${err.message}`
          : String(err);
      finished = await runs.finish(run.id, {
        status: 'failed',
        error: message.slice(0, 2000),
        durationMs: ms(started),
      });
    }
    this.#audit(report, finished, trigger);
    return finished;
  }

  #audit(report: StoredReport, run: ReportRun, trigger: Trigger): void {
    this.deps.audit.record({
      tenantId: report.tenantId,
      actor: trigger.actor ?? `report:${report.id}`,
      actorKind: trigger.actor ? 'user' : 'service',
      action: 'report.run',
      resource: `report:${report.id}`,
      outcome: run.status === 'failed' ? 'error' : 'success',
      risk: 'medium',
      details: {
        runId: run.id,
        status: run.status,
        trigger: trigger.kind,
        tickAt: run.tickAt,
        attempt: run.attempt,
        rows: run.rows,
        bytes: run.bytes,
        error: run.error,
        reason: run.reason,
      },
    });
  }
}

function withChannels(report: StoredReport, channels: Channel[]): StoredReport {
  return { ...report, definition: { ...report.definition, channels } };
}

const ms = (started: number) => Math.round(performance.now() - started);
