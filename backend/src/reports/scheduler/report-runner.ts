/**
 * Executes one report run end to end: queue a run row, compile and execute
 * every query under the report's principal, evaluate the condition, render
 * each format into DATA_DIR/reports/<tenant>/<run>.<ext>, deliver, finish the
 * row, audit. Never throws for a report failure: the outcome is the row.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { QueryService } from '../../queries/query-service.ts';
import type { TenantSecurityService } from '../../security/tenant-security.ts';
import type { TenantService } from '../../tenancy/tenants.ts';
import { renderReport } from '../render/index.ts';
import type { ReportDocument } from '../render/model.ts';
import type { Channel, StoredReport } from '../definitions/types.ts';
import { buildDocument } from './build-document.ts';
import { evaluate, headline, statusCounts } from './condition.ts';
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
  deliver?: Deliver;
}

export interface Trigger {
  kind: 'manual' | 'schedule';
  tickAt?: Date;
  attempt?: number;
  /** Who pressed "run now" (audit actor); the scheduler acts as the report itself. */
  actor?: string;
}

/** CSV/JSON/NDJSON hold one table: section 0 is `<run>.<ext>`, section i is `<run>-<i>.<ext>`. */
function targets(runId: string, format: string, sections: number): { path: string; section: number }[] {
  if (format === 'pdf' || format === 'xlsx') return [{ path: `${runId}.${format}`, section: 0 }];
  return Array.from({ length: sections }, (_, i) => ({
    path: i === 0 ? `${runId}.${format}` : `${runId}-${i}.${format}`,
    section: i,
  }));
}

export class ReportRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(report: StoredReport, trigger: Trigger, now = new Date()): Promise<ReportRun> {
    const { runs, tenants, security, queries, dataDir } = this.deps;
    const def = report.definition;
    const run = await runs.queue(
      report.tenantId,
      report.id,
      trigger.kind,
      trigger.tickAt ?? null,
      trigger.attempt ?? 1
    );
    const started = performance.now();
    const files: RenderedFile[] = [];
    let finished: ReportRun;
    try {
      await runs.start(run.id);
      const tenant = await tenants.getById(report.tenantId);
      const tenantSecurity = await security.load(tenant);
      const ctx = reportContext(tenant.id, def.runAs, tenantSecurity, now);
      const { doc, rowCounts } = await buildDocument(def, { slug: tenant.slug, name: tenant.name }, ctx, queries);
      const rows = rowCounts.reduce((a, b) => a + b, 0);
      const counts = await statusCounts(def, ctx, queries);
      doc.summary = { headline: headline(counts), notes: [] };
      const verdict = evaluate(def.condition, rowCounts, counts);
      if (!verdict.send) {
        finished = await runs.finish(run.id, {
          status: 'skipped',
          reason: verdict.reason,
          rows,
          rowCounts,
          durationMs: ms(started),
        });
      } else {
        const dir = join(dataDir, 'reports', tenant.id);
        await mkdir(dir, { recursive: true });
        const previous = await runs.lastSummary(report.id);
        const prev = previous ? { summary: previous } : undefined;
        const render = async (d: ReportDocument, prefix: string) => {
          const out: RenderedFile[] = [];
          for (const format of def.formats) {
            for (const t of targets(prefix, format, d.sections.length)) {
              const path = join(dir, t.path);
              await renderReport(d, format, path, { section: t.section });
              out.push({ format, path, bytes: (await stat(path)).size });
            }
          }
          files.push(...out);
          return out;
        };
        const main = await render(doc, run.id);
        if (!def.perRecipient) {
          await this.deps.deliver?.(report, run, doc, main, prev);
        } else {
          // Per-recipient mode: every e-mail recipient gets the report computed under their own
          // identity (login = e-mail, role Viewer) and policies; other channels get the main one.
          const others = def.channels.filter((c) => c.kind !== 'email');
          await this.deps.deliver?.(withChannels(report, others), run, doc, main, prev);
          const recipients = def.channels.flatMap((c) => (c.kind === 'email' ? c.recipients : []));
          for (const [i, email] of recipients.entries()) {
            const ctxR = reportContext(
              tenant.id,
              { kind: 'user', login: email, email, role: 'Viewer' },
              tenantSecurity,
              now
            );
            const own = await buildDocument(def, { slug: tenant.slug, name: tenant.name }, ctxR, queries);
            own.doc.summary = { headline: headline(await statusCounts(def, ctxR, queries)), notes: [] };
            const mine = await render(own.doc, `${run.id}-r${i}`);
            await this.deps.deliver?.(
              withChannels(report, [{ kind: 'email', recipients: [email] }]),
              run,
              own.doc,
              mine,
              prev
            );
          }
        }
        const bytes = files.reduce((a, f) => a + f.bytes, 0);
        finished = await runs.finish(run.id, {
          status: 'succeeded',
          rows,
          rowCounts,
          bytes,
          files,
          summary: doc.summary,
          durationMs: ms(started),
        });
      }
    } catch (err) {
      // A failed run keeps no files: a half-delivered report must not look complete.
      await Promise.all(files.map((f) => rm(f.path, { force: true })));
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
