/**
 * The delivery ledger: one row per (tick, channel, recipient), keyed by an
 * idempotency key that is the same on every attempt of that tick. Invariant:
 * a row is written 'sending' before the send and 'delivered' after it, so a
 * retry after a crash skips every recipient that was delivered and re-sends
 * only the one in flight, under the same key (webhook `Idempotency-Key`,
 * e-mail `Message-ID`), which the receiver can use to drop the duplicate.
 */
import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { StoredReport } from '../definitions/types.ts';
import type { ReportRun } from '../scheduler/run-store.ts';

/** What stays the same across attempts: the scheduled (or queued manual) tick, else the run itself. */
export function deliveryBasis(report: StoredReport, run: Pick<ReportRun, 'id' | 'tickAt'>): string {
  return run.tickAt ? `${report.id}@${run.tickAt}` : `run:${run.id}`;
}

export function idempotencyKey(basis: string, channel: string, recipient: string): string {
  return createHash('sha256').update(`${basis}\n${channel}\n${recipient}`).digest('hex').slice(0, 40);
}

/**
 * The ledger tables: reports (migration 0006) and scheduled exports (0009), the
 * same shape under other names. Constants only: no name here comes from input.
 */
const TABLES = {
  report: { table: 'report_deliveries', owner: 'report_id', run: 'run_id' },
  export: { table: 'export_deliveries', owner: 'schedule_id', run: 'job_id' },
} as const;
export type LedgerKind = keyof typeof TABLES;

/** What a delivery belongs to: a report (runs are its runs) or an export schedule (runs are its jobs). */
export interface LedgerOwner {
  tenantId: string;
  id: string;
}

export class DeliveryLedger {
  readonly #t: (typeof TABLES)[LedgerKind];

  constructor(
    private readonly db: SqlExecutor,
    kind: LedgerKind = 'report'
  ) {
    this.#t = TABLES[kind];
  }

  /** Records the intent to send; false when this key was already delivered (skip it). */
  async begin(key: string, owner: LedgerOwner, runId: string, channel: string, recipient: string): Promise<boolean> {
    const { table, owner: ownerCol, run } = this.#t;
    const [row] = await this.db.query<{ status: string }>(
      `INSERT INTO ${table} (idempotency_key, tenant_id, ${ownerCol}, ${run}, channel, recipient, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'sending')
       ON CONFLICT (idempotency_key) DO UPDATE SET ${run} = CASE WHEN ${table}.status = 'delivered'
         THEN ${table}.${run} ELSE excluded.${run} END
       RETURNING status`,
      [key, owner.tenantId, owner.id, runId, channel, recipient]
    );
    return row?.status !== 'delivered';
  }

  async delivered(key: string): Promise<void> {
    await this.db.query(
      `UPDATE ${this.#t.table} SET status = 'delivered', delivered_at = now() WHERE idempotency_key = $1`,
      [key]
    );
  }

  async forRun(runId: string): Promise<{ channel: string; recipient: string; status: string; key: string }[]> {
    return this.db.query(
      `SELECT channel, recipient, status, idempotency_key AS key FROM ${this.#t.table} WHERE ${this.#t.run} = $1 ORDER BY created_at, recipient`,
      [runId]
    );
  }
}
