/** export_jobs rows in the metadata store; every read is scoped by tenant. */
import type { SqlExecutor } from '../storage/metadata/driver.ts';
import type { ExportJob, ExportStatus } from './types.ts';

type Row = Record<string, unknown>;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toJob(r: Row): ExportJob {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    createdBy: r.created_by as string,
    principal: r.principal as ExportJob['principal'],
    query: r.query as Record<string, unknown>,
    format: r.format as ExportJob['format'],
    compression: r.compression as ExportJob['compression'],
    pivot: (r.pivot as ExportJob['pivot'] | undefined) ?? null,
    scheduleId: (r.schedule_id as string | null | undefined) ?? null,
    tickAt: iso(r.tick_at),
    rowLimit: Number(r.row_limit),
    status: r.status as ExportStatus,
    storageKey: r.storage_key as string,
    rowsWritten: Number(r.rows_written),
    rowsEstimated: num(r.rows_estimated),
    bytes: num(r.bytes),
    error: (r.error as string | null) ?? null,
    attempts: Number(r.attempts),
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    expiresAt: iso(r.expires_at)!,
    delivery: (r.delivery as ExportJob['delivery'] | undefined) ?? null,
    deliveryStatus: (r.delivery_status as ExportJob['deliveryStatus'] | undefined) ?? null,
    deliveryAttempts: Number(r.delivery_attempts ?? 0),
    deliveryError: (r.delivery_error as string | null | undefined) ?? null,
    leaseToken: Number(r.lease_token ?? 0),
  };
}

export type NewJob = Pick<
  ExportJob,
  | 'id'
  | 'tenantId'
  | 'createdBy'
  | 'principal'
  | 'query'
  | 'format'
  | 'compression'
  | 'rowLimit'
  | 'storageKey'
  | 'expiresAt'
> &
  Partial<Pick<ExportJob, 'pivot' | 'scheduleId' | 'tickAt' | 'delivery'>> & {
    /** The creating process's lease on the queued job (job-lease.ts). */
    leaseExpiresAt?: Date;
  };

/** Columns a transition may set besides the status (constants, never input). */
type SettableColumn =
  | 'rows_estimated'
  | 'rows_written'
  | 'bytes'
  | 'error'
  | 'lease_expires_at'
  | 'storage_key'
  | 'delivery_status';

export class ExportJobStore {
  constructor(private readonly db: SqlExecutor) {}

  async insert(j: NewJob): Promise<ExportJob> {
    const rows = await this.db.query<Row>(
      `INSERT INTO export_jobs (id, tenant_id, created_by, principal, query, format, compression, row_limit, status, storage_key, expires_at, pivot, schedule_id, tick_at, lease_expires_at, delivery, lease_token)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $10, $11, $12, $13, $14, $15, 1) RETURNING *`,
      [
        j.id,
        j.tenantId,
        j.createdBy,
        JSON.stringify(j.principal),
        JSON.stringify(j.query),
        j.format,
        j.compression,
        j.rowLimit,
        j.storageKey,
        j.expiresAt,
        j.pivot ? JSON.stringify(j.pivot) : null,
        j.scheduleId ?? null,
        j.tickAt ?? null,
        j.leaseExpiresAt ?? null,
        j.delivery ? JSON.stringify(j.delivery) : null,
      ]
    );
    return toJob(rows[0]!);
  }

  async get(tenantId: string, id: string): Promise<ExportJob | null> {
    const rows = await this.db.query<Row>('SELECT * FROM export_jobs WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** createdBy null = every job of the tenant (admins). */
  async list(tenantId: string, createdBy: string | null, limit: number): Promise<ExportJob[]> {
    const rows = await this.db.query<Row>(
      'SELECT * FROM export_jobs WHERE tenant_id = $1 AND ($2::text IS NULL OR created_by = $2) ORDER BY created_at DESC, id LIMIT $3',
      [tenantId, createdBy, limit]
    );
    return rows.map(toJob);
  }

  /**
   * Moves a job between states only from an expected one (no lost cancel, no double start).
   * `token`: the caller holds the job's lease under this fencing token; the update is refused
   * (null) when another process has taken the job over since. Omitted only for user actions
   * (cancel, retry), which may come from any replica. Going back to 'queued' hands the job to
   * the caller under a new token.
   */
  async transition(
    tenantId: string,
    id: string,
    from: readonly ExportStatus[],
    to: ExportStatus,
    set: Partial<Record<SettableColumn, unknown>> = {},
    token?: number
  ): Promise<ExportJob | null> {
    const cols = Object.entries(set);
    const assignments = cols.map(([c], i) => `${c} = $${i + 6}`);
    if (to === 'running') assignments.push('started_at = now()', 'attempts = attempts + 1', 'finished_at = NULL');
    if (to === 'queued')
      assignments.push(
        'started_at = NULL',
        'finished_at = NULL',
        'error = NULL',
        'rows_written = 0',
        'bytes = NULL',
        'rows_estimated = NULL',
        'lease_token = lease_token + 1'
      );
    if (to === 'succeeded' || to === 'failed' || to === 'cancelled') {
      assignments.push('finished_at = now()');
      // A succeeded job with a pending delivery keeps its holder's lease (delivery-store.ts).
      if (!('lease_expires_at' in set)) assignments.push('lease_expires_at = NULL');
    }
    const rows = await this.db.query<Row>(
      `UPDATE export_jobs SET status = $3${assignments.map((a) => `, ${a}`).join('')}
       WHERE tenant_id = $1 AND id = $2 AND status = ANY($4::text[]) AND ($5::bigint IS NULL OR lease_token = $5) RETURNING *`,
      [tenantId, id, to, from, token ?? null, ...cols.map(([, v]) => v)]
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** The holder's progress; a stale token writes nothing. */
  async progress(id: string, token: number, rowsWritten: number): Promise<void> {
    await this.db.query(
      `UPDATE export_jobs SET rows_written = $3 WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
      [id, token, rowsWritten]
    );
  }

  async setEstimate(id: string, token: number, rowsEstimated: number): Promise<void> {
    await this.db.query('UPDATE export_jobs SET rows_estimated = $3 WHERE id = $1 AND lease_token = $2', [
      id,
      token,
      rowsEstimated,
    ]);
  }

  async setExpiry(tenantId: string, id: string, expiresAt: string): Promise<void> {
    await this.db.query('UPDATE export_jobs SET expires_at = $3 WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
      expiresAt,
    ]);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return (
      (await this.db.query('DELETE FROM export_jobs WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id]))
        .length > 0
    );
  }

  async expired(now: Date, limit: number): Promise<ExportJob[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM export_jobs WHERE expires_at <= $1 AND status <> 'running' ORDER BY expires_at LIMIT $2`,
      [now.toISOString(), limit]
    );
    return rows.map(toJob);
  }

  /**
   * Heartbeat: extends the leases this process holds (job id and fencing token), of unfinished
   * jobs and of pending deliveries. Returns the ids renewed: a held job missing from it was
   * taken over, cancelled or deleted elsewhere, and its holder should stop.
   */
  async renewLeases(holds: readonly { id: string; token: number }[], until: Date): Promise<Set<string>> {
    if (holds.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>(
      `UPDATE export_jobs e SET lease_expires_at = $3
       FROM unnest($1::text[], $2::bigint[]) AS h(id, token)
       WHERE e.id::text = h.id AND e.lease_token = h.token
         AND (e.status IN ('queued', 'running') OR (e.status = 'succeeded' AND e.delivery_status = 'pending'))
       RETURNING e.id`,
      [holds.map((h) => h.id), holds.map((h) => h.token), until]
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  /**
   * Takes over unfinished jobs whose lease ran out before `now` (their process died):
   * re-queued under a new lease `until` for the caller to run, or failed once `maxAttempts`
   * runs have started. One UPDATE: under READ COMMITTED a concurrent taker blocks on the
   * row lock, re-checks the lease (now renewed) and skips the row, so each job is taken by
   * exactly one replica. Jobs without a lease (older rows) are left alone. The new token
   * fences the old holder out, should it still be alive (stalled, not dead).
   */
  async takeOverExpired(now: Date, until: Date, maxAttempts: number): Promise<ExportJob[]> {
    const rows = await this.db.query<Row>(
      `UPDATE export_jobs SET
         status = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'queued' END,
         error = CASE WHEN attempts >= $3 THEN 'INTERRUPTED: the backend running this export stopped (' || attempts || ' attempts)' END,
         finished_at = CASE WHEN attempts >= $3 THEN now() END,
         lease_expires_at = CASE WHEN attempts >= $3 THEN NULL ELSE $2::timestamptz END,
         started_at = CASE WHEN attempts >= $3 THEN started_at END,
         rows_written = CASE WHEN attempts >= $3 THEN rows_written ELSE 0 END, rows_estimated = NULL, bytes = NULL,
         lease_token = lease_token + 1
       WHERE status IN ('queued', 'running') AND lease_expires_at < $1::timestamptz RETURNING *`,
      [now, until, maxAttempts]
    );
    return rows.map(toJob);
  }

  /** Jobs queued/running that no live process is running: marked failed (retry re-runs them). */
  async failInterrupted(exceptIds: readonly string[]): Promise<number> {
    const rows = await this.db.query(
      `UPDATE export_jobs SET status = 'failed', error = 'INTERRUPTED: the server stopped during the export', finished_at = now()
       WHERE status IN ('queued', 'running') AND NOT (id::text = ANY($1::text[])) RETURNING id`,
      [exceptIds]
    );
    return rows.length;
  }
}
