/**
 * The schedule loop. `tick(now)` is the whole algorithm (tests call it with a
 * fixed clock; the timer and `poke()` only call it):
 *
 * 1. For each active scheduled report, the latest cron tick in
 *    (last claimed cron tick or creation, now] is due. Ticks missed during
 *    downtime collapse into that one latest tick, so it runs once.
 * 2. Claims go through report_ticks (tick-claims.ts): exactly one replica
 *    wins each cron tick, each queued "run now", each retry.
 * 3. A claimed tick carries a lease. A failed run sets an exponential
 *    backoff; a replica that died mid-run leaves the lease to expire.
 * 4. Success, skip, or the last allowed attempt marks the tick done; the
 *    last failed attempt notifies the owner (failure-notice.ts). A manual
 *    run has one attempt (plus lease recovery after a crash).
 * "Run now" (`enqueue`) writes a manual tick plus its queued run row and
 * returns at once; the tick is claimed like a retry, so it survives a crash.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { ReportStore } from '../definitions/report-store.ts';
import type { StoredReport } from '../definitions/types.ts';
import type { FailureNotifier } from '../delivery/failure-notice.ts';
import { latestTick, parseCron } from '../../scheduling/cron-match.ts';
import type { ReportRunner, Trigger } from './report-runner.ts';
import type { ReportRun, RunStore } from './run-store.ts';
import { TickClaims, type Claimed } from './tick-claims.ts';

export interface SchedulerOptions {
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  backoffMs?: number;
  /** How long a claimed attempt may run before another replica may retry it. */
  leaseMs?: number;
  intervalMs?: number;
  /** How often the timer loop runs the retention sweep. */
  sweepEveryMs?: number;
}

export interface SchedulerDeps {
  db: SqlExecutor;
  store: ReportStore;
  runs: RunStore;
  runner: ReportRunner;
  audit: AuditLog;
  notify: FailureNotifier;
  sweep: (now: Date) => Promise<unknown>;
}

export class ReportScheduler {
  readonly #o: Required<SchedulerOptions>;
  readonly #claims: TickClaims;
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<unknown> | undefined;
  #again = false;
  #lastSweep = 0;

  constructor(
    private readonly d: SchedulerDeps,
    opts: SchedulerOptions = {}
  ) {
    this.#o = { maxAttempts: 3, backoffMs: 60_000, leaseMs: 30 * 60_000, intervalMs: 30_000, sweepEveryMs: 3_600_000, ...opts };
    this.#claims = new TickClaims(d.db);
  }

  /** Runs every tick this instance claims at `now`; returns those runs. */
  async tick(now: Date): Promise<ReportRun[]> {
    const out: ReportRun[] = [];
    const lease = () => new Date(now.getTime() + this.#o.leaseMs);
    for (const report of await this.d.store.scheduled()) {
      const due = await this.#dueTick(report, now);
      if (due && (await this.#claims.claimNew(report.id, due, now, lease())))
        out.push(await this.#execute(report, { kind: 'schedule', tickAt: due, attempt: 1 }, due, now));
    }
    for (const c of await this.#claims.claimDue(now, lease())) out.push(await this.#executeClaimed(c, now));
    return out;
  }

  /** "Run now": persists a manual tick and its queued run row; the loop (or `poke`) executes it. */
  async enqueue(report: StoredReport, actor: string, now = new Date()): Promise<ReportRun> {
    const runId = randomUUID();
    const tickAt = await this.#claims.enqueueManual(report.id, now, actor, runId);
    return this.d.runs.queue(report.tenantId, report.id, 'manual', tickAt, 1, runId);
  }

  /** Runs a tick soon in the background (after "run now"); a tick already running is followed by one more. */
  poke(): void {
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = (async () => {
      do {
        this.#again = false;
        const now = new Date();
        await this.tick(now).catch(() => undefined);
        if (now.getTime() - this.#lastSweep >= this.#o.sweepEveryMs) {
          this.#lastSweep = now.getTime();
          await this.d.sweep(now).catch(() => undefined);
        }
      } while (this.#again);
    })().finally(() => (this.#busy = undefined));
  }

  /** Resolves when no background tick is running (tests wait on it). */
  async idle(): Promise<void> {
    while (this.#busy) await this.#busy;
  }

  start(): void {
    if (this.#timer) return;
    // Ticks never overlap in one process; a slow run delays the next tick, it does not double it.
    this.#timer = setInterval(() => this.poke(), this.#o.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.idle();
  }

  async #dueTick(report: StoredReport, now: Date): Promise<Date | null> {
    const schedule = report.definition.schedule;
    if (!schedule) return null;
    const last = await this.#claims.lastScheduled(report.id);
    const created = new Date(report.createdAt);
    const after = last ? new Date(Math.max(last.getTime(), created.getTime())) : created;
    return latestTick(parseCron(schedule.cron), schedule.timezone, now, after);
  }

  async #executeClaimed(c: Claimed, now: Date): Promise<ReportRun> {
    const report = await this.d.store.require(c.tenantId, c.reportId);
    const trigger: Trigger = {
      kind: c.trigger,
      tickAt: c.tickAt,
      attempt: c.attempt,
      ...(c.actor ? { actor: c.actor } : {}),
      ...(c.runId ? { runId: c.runId } : {}),
    };
    // A cron tick's report covers the range ending at the tick; a manual one ends when it runs.
    return this.#execute(report, trigger, c.trigger === 'schedule' ? c.tickAt : now, now);
  }

  async #execute(report: StoredReport, trigger: Trigger, asOf: Date, now: Date): Promise<ReportRun> {
    const tickAt = trigger.tickAt as Date;
    const attempt = trigger.attempt ?? 1;
    const run = await this.d.runner.run(report, trigger, asOf);
    // A manual run is not retried on failure (whoever asked sees the outcome and may ask again);
    // a crash during it is still recovered through the lease.
    const max = trigger.kind === 'manual' ? 1 : this.#o.maxAttempts;
    const giveUp = run.status === 'failed' && attempt >= max;
    if (run.status !== 'failed' || giveUp) await this.#claims.finish(report.id, tickAt);
    else await this.#claims.retryAt(report.id, tickAt, new Date(now.getTime() + this.#o.backoffMs * 2 ** (attempt - 1)));
    if (giveUp) await this.d.notify(report, run);
    return run;
  }
}
