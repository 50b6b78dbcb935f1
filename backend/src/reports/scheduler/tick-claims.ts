/**
 * The claim table `report_ticks`, as SQL. A tick is one unit of work for one
 * report: a cron tick (trigger 'schedule') or a queued "run now" (trigger
 * 'manual', tick_at = when it was asked for). Invariants:
 * - INSERT … ON CONFLICT DO NOTHING on (report_id, tick_at) lets exactly one
 *   replica claim a cron tick.
 * - Every other claim (a queued manual tick, a retry, an expired lease) is a
 *   conditional UPDATE on `attempts`: only the replica whose UPDATE still
 *   sees the old count wins.
 * - A claimed tick holds a lease (next_attempt_at = now + lease), so a tick
 *   whose replica died is claimed again once the lease expires.
 */
import type { SqlExecutor } from '../../storage/metadata/driver.ts';

export interface Claimed {
  reportId: string;
  tenantId: string;
  tickAt: Date;
  attempt: number;
  trigger: 'schedule' | 'manual';
  actor: string | null;
  /** The queued run row of a manual tick, adopted by its first attempt. */
  runId: string | null;
}

export class TickClaims {
  constructor(private readonly db: SqlExecutor) {}

  /** The latest cron tick claimed so far (manual ticks do not move the schedule). */
  async lastScheduled(reportId: string): Promise<Date | null> {
    const [last] = await this.db.query<{ t: Date | string | null }>(
      `SELECT max(tick_at) AS t FROM report_ticks WHERE report_id = $1 AND trigger = 'schedule'`,
      [reportId]
    );
    return last?.t ? new Date(last.t) : null;
  }

  async claimNew(reportId: string, tickAt: Date, now: Date, leaseUntil: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO report_ticks (report_id, tick_at, attempts, next_attempt_at, claimed_at) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (report_id, tick_at) DO NOTHING RETURNING report_id`,
      [reportId, tickAt, leaseUntil, now]
    );
    return rows.length === 1;
  }

  /** Queues a manual tick (unclaimed: attempts 0, due now). Returns its tick time, unique per report. */
  async enqueueManual(reportId: string, at: Date, actor: string, runId: string): Promise<Date> {
    for (let t = at.getTime(); ; t++) {
      const rows = await this.db.query(
        `INSERT INTO report_ticks (report_id, tick_at, attempts, next_attempt_at, claimed_at, trigger, actor, run_id)
         VALUES ($1, $2, 0, $2, $2, 'manual', $3, $4) ON CONFLICT (report_id, tick_at) DO NOTHING RETURNING report_id`,
        [reportId, new Date(t), actor, runId]
      );
      if (rows.length === 1) return new Date(t);
    }
  }

  /** Due work other than new cron ticks: queued manual ticks, retries after backoff, expired leases. */
  async claimDue(now: Date, leaseUntil: Date): Promise<Claimed[]> {
    const due = await this.db.query<{
      report_id: string;
      tenant_id: string;
      tick_at: Date | string;
      attempts: number;
      trigger: 'schedule' | 'manual';
      actor: string | null;
      run_id: string | null;
    }>(
      `SELECT t.report_id, r.tenant_id, t.tick_at, t.attempts, t.trigger, t.actor, t.run_id
       FROM report_ticks t JOIN reports r ON r.id = t.report_id
       WHERE NOT t.done AND (NOT r.paused OR t.trigger = 'manual') AND t.next_attempt_at <= $1
       ORDER BY t.next_attempt_at LIMIT 50`,
      [now]
    );
    const claimed: Claimed[] = [];
    for (const d of due) {
      const won = await this.db.query(
        `UPDATE report_ticks SET attempts = attempts + 1, next_attempt_at = $4, claimed_at = $5
         WHERE report_id = $1 AND tick_at = $2 AND attempts = $3 AND NOT done RETURNING attempts`,
        [d.report_id, d.tick_at, d.attempts, leaseUntil, now]
      );
      if (won.length !== 1) continue;
      // A run row a dead attempt left queued/running is closed as failed, so history never shows a ghost.
      // (attempts 0 is a manual tick never claimed: its queued row is adopted, not closed.)
      if (d.attempts > 0)
        await this.db.query(
          `UPDATE report_runs SET status = 'failed', error = 'interrupted: the replica running it stopped', finished_at = $3
           WHERE report_id = $1 AND tick_at = $2 AND status IN ('queued', 'running')`,
          [d.report_id, d.tick_at, now]
        );
      claimed.push({
        reportId: d.report_id,
        tenantId: d.tenant_id,
        tickAt: new Date(d.tick_at),
        attempt: d.attempts + 1,
        trigger: d.trigger,
        actor: d.actor,
        runId: d.attempts === 0 ? d.run_id : null,
      });
    }
    return claimed;
  }

  async finish(reportId: string, tickAt: Date): Promise<void> {
    await this.db.query('UPDATE report_ticks SET done = true, next_attempt_at = NULL WHERE report_id = $1 AND tick_at = $2', [
      reportId,
      tickAt,
    ]);
  }

  async retryAt(reportId: string, tickAt: Date, at: Date): Promise<void> {
    await this.db.query('UPDATE report_ticks SET next_attempt_at = $3 WHERE report_id = $1 AND tick_at = $2', [
      reportId,
      tickAt,
      at,
    ]);
  }
}
