/**
 * Persisted report runs: queued → running → succeeded | failed | skipped.
 * A run row exists before any work starts, so a crash leaves a visible
 * `running` row rather than nothing.
 */
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { ReportDocument } from '../render/model.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface ReportRun {
  id: string;
  reportId: string;
  trigger: 'manual' | 'schedule';
  tickAt: string | null;
  attempt: number;
  status: RunStatus;
  reason: string | null;
  rows: number | null;
  rowCounts: number[] | null;
  bytes: number | null;
  files: { format: string; path: string; bytes: number }[] | null;
  error: string | null;
  durationMs: number | null;
  /** The earlier run whose rendered files this run reused (render cache), or null. */
  cachedFrom: string | null;
  /** When the retention sweep deleted this run's files (files is then null). */
  filesExpiredAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

type Row = Record<string, unknown>;
const isoOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);

function toRun(r: Row): ReportRun {
  return {
    id: r.id as string,
    reportId: r.report_id as string,
    trigger: r.trigger as ReportRun['trigger'],
    tickAt: isoOrNull(r.tick_at),
    attempt: Number(r.attempt),
    status: r.status as RunStatus,
    reason: (r.reason as string | null) ?? null,
    rows: numOrNull(r.rows),
    rowCounts: json<number[]>(r.row_counts),
    bytes: numOrNull(r.bytes),
    files: json<ReportRun['files']>(r.files),
    error: (r.error as string | null) ?? null,
    durationMs: numOrNull(r.duration_ms),
    cachedFrom: (r.cached_from as string | null) ?? null,
    filesExpiredAt: isoOrNull(r.files_expired_at),
    createdAt: isoOrNull(r.created_at) as string,
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
  };
}

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  reason?: string;
  rows?: number;
  rowCounts?: number[];
  bytes?: number;
  files?: ReportRun['files'];
  /** Headline numbers, kept so the next run's summary can say what changed. */
  summary?: ReportDocument['summary'];
  error?: string;
  durationMs: number;
  /** The new failures of this run's window (failing-tests.ts), kept for the record. */
  failing?: string[];
  cachedFrom?: string;
}

export class RunStore {
  constructor(private readonly db: SqlExecutor) {}

  async queue(
    tenantId: string,
    reportId: string,
    trigger: ReportRun['trigger'],
    tickAt: Date | null,
    attempt: number,
    id: string = randomUUID()
  ): Promise<ReportRun> {
    const [row] = await this.db.query<Row>(
      `INSERT INTO report_runs (id, report_id, tenant_id, trigger, tick_at, attempt, status) VALUES ($1, $2, $3, $4, $5, $6, 'queued') RETURNING *`,
      [id, reportId, tenantId, trigger, tickAt, attempt]
    );
    return toRun(row as Row);
  }

  async get(id: string): Promise<ReportRun | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM report_runs WHERE id = $1', [id]);
    return row ? toRun(row) : undefined;
  }

  async start(id: string): Promise<void> {
    await this.db.query(`UPDATE report_runs SET status = 'running', started_at = now() WHERE id = $1`, [id]);
  }

  async finish(id: string, o: RunOutcome): Promise<ReportRun> {
    const [row] = await this.db.query<Row>(
      `UPDATE report_runs SET status = $2, reason = $3, rows = $4, row_counts = $5, bytes = $6, files = $7, error = $8,
         duration_ms = $9, summary = $10, failing_tests = $11, cached_from = $12, finished_at = now() WHERE id = $1 RETURNING *`,
      [
        id,
        o.status,
        o.reason ?? null,
        o.rows ?? null,
        o.rowCounts ? JSON.stringify(o.rowCounts) : null,
        o.bytes ?? null,
        o.files ? JSON.stringify(o.files) : null,
        o.error ?? null,
        o.durationMs,
        o.summary ? JSON.stringify(o.summary) : null,
        o.failing ? JSON.stringify(o.failing) : null,
        o.cachedFrom ?? null,
      ]
    );
    return toRun(row as Row);
  }

  async lastSummary(reportId: string): Promise<ReportDocument['summary'] | undefined> {
    const [row] = await this.db.query<{ summary: unknown }>(
      `SELECT summary FROM report_runs WHERE report_id = $1 AND status = 'succeeded' AND summary IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
      [reportId]
    );
    return row ? (json<ReportDocument['summary']>(row.summary) ?? undefined) : undefined;
  }

  async history(tenantId: string, reportId: string, limit = 100): Promise<ReportRun[]> {
    const rows = await this.db.query<Row>(
      'SELECT * FROM report_runs WHERE tenant_id = $1 AND report_id = $2 ORDER BY created_at DESC, id LIMIT $3',
      [tenantId, reportId, limit]
    );
    return rows.map(toRun);
  }
}
