/**
 * The schedule loop. `tick(now)` is the whole algorithm (tests call it with a
 * fixed clock; `start()` only calls it on an interval):
 *
 * 1. For each active scheduled report, the latest cron tick in
 *    (last claimed tick or creation, now] is due. Ticks missed during
 *    downtime collapse into that one latest tick, so it runs once.
 * 2. Claim = INSERT INTO report_ticks … ON CONFLICT DO NOTHING. The primary
 *    key (report_id, tick_at) lets exactly one replica on the shared
 *    PostgreSQL win; the losers see no row and move on.
 * 3. A claimed tick carries a lease (next_attempt_at = now + lease). A
 *    failed run sets next_attempt_at to an exponential backoff; a replica
 *    that died mid-run leaves the lease to expire. Either way the retry is
 *    claimed by a conditional UPDATE on `attempts`, again exactly once.
 * 4. Success, skip, or the last allowed attempt marks the tick done.
 */
import type { AuditLog } from '../../audit/audit-log.ts';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { ReportStore } from '../definitions/report-store.ts';
import type { StoredReport } from '../definitions/types.ts';
import { latestTick, parseCron } from './cron-match.ts';
import type { ReportRunner } from './report-runner.ts';
import type { ReportRun } from './run-store.ts';

export interface SchedulerOptions {
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  backoffMs?: number;
  /** How long a claimed attempt may run before another replica may retry it. */
  leaseMs?: number;
  intervalMs?: number;
}

export class ReportScheduler {
  readonly #o: Required<SchedulerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<unknown> | undefined;

  constructor(
    private readonly db: SqlExecutor,
    private readonly store: ReportStore,
    private readonly runner: ReportRunner,
    private readonly audit: AuditLog,
    opts: SchedulerOptions = {}
  ) {
    this.#o = { maxAttempts: 3, backoffMs: 60_000, leaseMs: 30 * 60_000, intervalMs: 30_000, ...opts };
  }

  /** Runs every tick this instance claims at `now`; returns those runs. */
  async tick(now: Date): Promise<ReportRun[]> {
    const out: ReportRun[] = [];
    for (const report of await this.store.scheduled()) {
      const due = await this.#dueTick(report, now);
      if (due && (await this.#claimNew(report.id, due, now))) out.push(await this.#execute(report, due, 1, now));
    }
    for (const retry of await this.#claimRetries(now))
      out.push(await this.#execute(retry.report, retry.tickAt, retry.attempt, now));
    return out;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      // Ticks never overlap in one process; a slow run delays the next tick, it does not double it.
      if (!this.#busy)
        this.#busy = this.tick(new Date())
          .catch(() => undefined)
          .finally(() => (this.#busy = undefined));
    }, this.#o.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#busy;
  }

  async #dueTick(report: StoredReport, now: Date): Promise<Date | null> {
    const schedule = report.definition.schedule;
    if (!schedule) return null;
    const [last] = await this.db.query<{ t: Date | string | null }>(
      'SELECT max(tick_at) AS t FROM report_ticks WHERE report_id = $1',
      [report.id]
    );
    const created = new Date(report.createdAt);
    const after = last?.t ? new Date(Math.max(new Date(last.t).getTime(), created.getTime())) : created;
    return latestTick(parseCron(schedule.cron), schedule.timezone, now, after);
  }

  async #claimNew(reportId: string, tickAt: Date, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO report_ticks (report_id, tick_at, attempts, next_attempt_at, claimed_at) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (report_id, tick_at) DO NOTHING RETURNING report_id`,
      [reportId, tickAt, new Date(now.getTime() + this.#o.leaseMs), now]
    );
    return rows.length === 1;
  }

  async #claimRetries(now: Date): Promise<{ report: StoredReport; tickAt: Date; attempt: number }[]> {
    const due = await this.db.query<{ report_id: string; tenant_id: string; tick_at: Date | string; attempts: number }>(
      `SELECT t.report_id, r.tenant_id, t.tick_at, t.attempts FROM report_ticks t JOIN reports r ON r.id = t.report_id
       WHERE NOT t.done AND NOT r.paused AND t.next_attempt_at <= $1 ORDER BY t.next_attempt_at LIMIT 50`,
      [now]
    );
    const claimed: { report: StoredReport; tickAt: Date; attempt: number }[] = [];
    for (const d of due) {
      // Only the replica whose UPDATE still sees the old attempt count wins this retry.
      const won = await this.db.query(
        `UPDATE report_ticks SET attempts = attempts + 1, next_attempt_at = $4, claimed_at = $5
         WHERE report_id = $1 AND tick_at = $2 AND attempts = $3 AND NOT done RETURNING attempts`,
        [d.report_id, d.tick_at, d.attempts, new Date(now.getTime() + this.#o.leaseMs), now]
      );
      // A run row the dead attempt left queued/running is closed as failed, so history never shows a ghost.
      if (won.length === 1)
        await this.db.query(
          `UPDATE report_runs SET status = 'failed', error = 'interrupted: the replica running it stopped', finished_at = $3
           WHERE report_id = $1 AND tick_at = $2 AND status IN ('queued', 'running')`,
          [d.report_id, d.tick_at, now]
        );
      if (won.length === 1)
        claimed.push({
          report: await this.store.require(d.tenant_id, d.report_id),
          tickAt: new Date(d.tick_at),
          attempt: d.attempts + 1,
        });
    }
    return claimed;
  }

  async #execute(report: StoredReport, tickAt: Date, attempt: number, now: Date): Promise<ReportRun> {
    const run = await this.runner.run(report, { kind: 'schedule', tickAt, attempt }, tickAt);
    const giveUp = run.status === 'failed' && attempt >= this.#o.maxAttempts;
    if (run.status !== 'failed' || giveUp) {
      await this.db.query(
        'UPDATE report_ticks SET done = true, next_attempt_at = NULL WHERE report_id = $1 AND tick_at = $2',
        [report.id, tickAt]
      );
    } else {
      const retryAt = new Date(now.getTime() + this.#o.backoffMs * 2 ** (attempt - 1));
      await this.db.query('UPDATE report_ticks SET next_attempt_at = $3 WHERE report_id = $1 AND tick_at = $2', [
        report.id,
        tickAt,
        retryAt,
      ]);
    }
    if (giveUp) {
      // The owner's failure notice: an audit record they (and admins) can alert on.
      this.audit.record({
        tenantId: report.tenantId,
        actor: `report:${report.id}`,
        actorKind: 'service',
        action: 'report.failed',
        resource: `report:${report.id}`,
        outcome: 'error',
        risk: 'medium',
        details: { owner: report.owner, tickAt: tickAt.toISOString(), attempts: attempt, error: run.error },
      });
    }
    return run;
  }
}
