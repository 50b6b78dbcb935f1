/**
 * export_schedules rows (migrations 0007, 0008, 0009); every read is scoped by tenant
 * except `active()`, which the scheduler uses across tenants.
 *
 * `last_tick_at` means "every tick at or before this is handled" (claimed,
 * or skipped by a pause), so it only moves forward.
 */
import { randomUUID } from 'node:crypto';
import type { Principal as CompilePrincipal } from '../../query/index.ts';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { ExportRequest, ExportSchedule } from './types.ts';

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toSchedule(r: Row): ExportSchedule {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    name: r.name as string,
    createdBy: r.created_by as string,
    principal: r.principal as CompilePrincipal,
    request: r.request as ExportRequest,
    cron: r.cron as string,
    timezone: r.timezone as string,
    timeRange: (r.time_range as ExportSchedule['timeRange'] | undefined) ?? null,
    delivery: (r.delivery as ExportSchedule['delivery'] | undefined) ?? null,
    paused: Boolean(r.paused),
    lastTickAt: iso(r.last_tick_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** What a caller supplies; the store adds id, paused, lastTickAt and the timestamps. */
export type NewSchedule = Pick<ExportSchedule, 'tenantId' | 'name' | 'createdBy' | 'principal' | 'request' | 'cron' | 'timezone'> &
  Partial<Pick<ExportSchedule, 'timeRange' | 'delivery'>>;

export class ExportScheduleStore {
  constructor(private readonly db: SqlExecutor) {}

  async insert(s: NewSchedule, now = new Date()): Promise<ExportSchedule> {
    const [row] = await this.db.query<Row>(
      `INSERT INTO export_schedules (id, tenant_id, name, created_by, principal, request, cron, timezone, created_at, updated_at, time_range, delivery)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING *`,
      [
        randomUUID(),
        s.tenantId,
        s.name,
        s.createdBy,
        JSON.stringify(s.principal),
        JSON.stringify(s.request),
        s.cron,
        s.timezone,
        now,
        s.timeRange ? JSON.stringify(s.timeRange) : null,
        s.delivery?.length ? JSON.stringify(s.delivery) : null,
      ]
    );
    return toSchedule(row!);
  }

  async get(tenantId: string, id: string): Promise<ExportSchedule | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const [row] = await this.db.query<Row>('SELECT * FROM export_schedules WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return row ? toSchedule(row) : null;
  }

  /** createdBy null = every schedule of the tenant (admins). */
  async list(tenantId: string, createdBy: string | null): Promise<ExportSchedule[]> {
    const rows = await this.db.query<Row>(
      'SELECT * FROM export_schedules WHERE tenant_id = $1 AND ($2::text IS NULL OR created_by = $2) ORDER BY created_at DESC, id',
      [tenantId, createdBy]
    );
    return rows.map(toSchedule);
  }

  /** Every unpaused schedule of every tenant (the scheduler's work list). */
  async active(): Promise<ExportSchedule[]> {
    return (await this.db.query<Row>('SELECT * FROM export_schedules WHERE NOT paused ORDER BY id')).map(toSchedule);
  }

  /**
   * Pause or resume. Resuming moves last_tick_at to `now`, so ticks that fell
   * while paused are skipped, not run late.
   */
  async setPaused(tenantId: string, id: string, paused: boolean, now = new Date()): Promise<ExportSchedule | null> {
    const [row] = await this.db.query<Row>(
      `UPDATE export_schedules SET paused = $3, updated_at = $4,
         last_tick_at = CASE WHEN $3 THEN last_tick_at ELSE GREATEST(COALESCE(last_tick_at, $4), $4) END
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, paused, now]
    );
    return row ? toSchedule(row) : null;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM export_schedules WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id])).length > 0;
  }

  /**
   * The claim of one tick: a compare-and-set on the schedule row. Under
   * PostgreSQL's READ COMMITTED a concurrent claimer blocks on the row lock,
   * then re-evaluates the WHERE against the committed row and matches
   * nothing; so exactly one transaction per (schedule, tick) gets `true`.
   * Run it in the transaction that inserts the tick's job.
   */
  async claim(id: string, tickAt: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE export_schedules SET last_tick_at = $2
       WHERE id = $1 AND NOT paused AND (last_tick_at IS NULL OR last_tick_at < $2) RETURNING id`,
      [id, tickAt]
    );
    return rows.length === 1;
  }
}
