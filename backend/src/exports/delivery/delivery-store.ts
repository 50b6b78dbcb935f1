/**
 * The delivery half of an export job's row (migration 0009). A job with a
 * JobDelivery becomes delivery_status 'pending' in the same UPDATE that marks
 * it succeeded, still under its holder's lease and fencing token. Invariant:
 * only the holder of the current lease_token records the outcome, so a
 * process whose lease ran out (and whose delivery was taken over) writes nothing.
 */
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import { toJob } from '../job-store.ts';
import type { ExportJob } from '../types.ts';

export interface DeliveryOutcome {
  ok: boolean;
  error?: string;
  now: Date;
  maxAttempts: number;
  /** First retry waits this long; each further attempt doubles it. */
  backoffMs: number;
}

export class DeliveryStore {
  constructor(private readonly db: SqlExecutor) {}

  /**
   * Records one attempt: delivered; or failed for good after maxAttempts; or
   * pending again with lease_expires_at = the earliest retry (any replica takes
   * it over then). false = this holder's token is stale: nothing was written.
   */
  async finish(id: string, token: number, o: DeliveryOutcome): Promise<ExportJob | null> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `UPDATE export_jobs SET
         delivery_attempts = delivery_attempts + 1,
         delivery_status = CASE WHEN $3 THEN 'delivered' WHEN delivery_attempts + 1 >= $5 THEN 'failed' ELSE 'pending' END,
         delivery_error = CASE WHEN $3 THEN NULL ELSE $4 END,
         lease_expires_at = CASE WHEN $3 OR delivery_attempts + 1 >= $5 THEN NULL
           ELSE $6::timestamptz + ($7::double precision * power(2, delivery_attempts)) * interval '1 millisecond' END
       WHERE id = $1 AND lease_token = $2 AND status = 'succeeded' AND delivery_status = 'pending' RETURNING *`,
      [id, token, o.ok, o.error ?? null, o.maxAttempts, o.now, o.backoffMs]
    );
    return row ? toJob(row) : null;
  }

  /**
   * Pending deliveries whose lease ran out (the delivering process died, or a
   * failed attempt's backoff is over), taken over under a new token and lease.
   * One UPDATE: concurrent takers block on the row lock and re-check, so each
   * goes to exactly one replica.
   */
  async takeOver(now: Date, until: Date, limit = 100): Promise<ExportJob[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `UPDATE export_jobs SET lease_token = lease_token + 1, lease_expires_at = $2
       WHERE id IN (SELECT id FROM export_jobs WHERE status = 'succeeded' AND delivery_status = 'pending'
                    AND lease_expires_at < $1 ORDER BY lease_expires_at LIMIT $3)
         AND status = 'succeeded' AND delivery_status = 'pending' AND lease_expires_at < $1
       RETURNING *`,
      [now, until, limit]
    );
    return rows.map(toJob);
  }
}
