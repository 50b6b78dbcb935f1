/**
 * The export schedule loop. `tick(now)` is the whole algorithm (tests call
 * it with a fixed clock; `start()` only calls it on an interval):
 *
 * 1. For each unpaused schedule, the latest cron tick in (last_tick_at or
 *    creation, now] is due (scheduling/cron-match.ts, shared with the reports
 *    scheduler). Ticks missed during downtime collapse into that one latest
 *    tick, so it runs once.
 * 2. One transaction claims the tick (compare-and-set on the schedule row,
 *    schedule-store.ts `claim`) and inserts the tick's export job; a unique
 *    index on export_jobs(schedule_id, tick_at) backs it. Replicas sharing
 *    PostgreSQL race on the row lock; exactly one wins, the others see no row.
 * 3. The winner runs the job like any export (queue, progress, retry by the
 *    user through the job API). A replica that dies mid-job stops renewing
 *    the job's lease; another replica takes it over (export-service.ts
 *    `takeOverExpired`). With PGlite it is failed at the next start.
 */
import { latestTick, parseCron } from '../../scheduling/cron-match.ts';
import type { ExportJob } from '../types.ts';
import type { ExportScheduleStore } from './schedule-store.ts';
import type { ExportSchedule } from './types.ts';

export interface TickTarget {
  /** Claims (schedule, tickAt) and creates its job in one transaction; null when another replica has it. */
  createForTick(schedule: ExportSchedule, tickAt: Date): Promise<ExportJob | null>;
}

export class ExportScheduler {
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<unknown> | undefined;

  constructor(
    private readonly schedules: ExportScheduleStore,
    private readonly target: TickTarget
  ) {}

  /** Creates the job of every tick this instance claims at `now`; returns those jobs. */
  async tick(now: Date): Promise<ExportJob[]> {
    const out: ExportJob[] = [];
    for (const s of await this.schedules.active()) {
      const due = dueTick(s, now);
      if (!due) continue;
      const job = await this.target.createForTick(s, due);
      if (job) out.push(job);
    }
    return out;
  }

  /** `onJobs` sees every job this instance created (the routes audit them). */
  start(intervalMs = 30_000, onJobs: (jobs: ExportJob[]) => void = () => undefined): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      // Ticks never overlap in one process: a slow tick delays the next, it does not double it.
      if (!this.#busy)
        this.#busy = this.tick(new Date())
          .then(onJobs)
          .catch(() => undefined)
          .finally(() => (this.#busy = undefined));
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#busy;
  }
}

export function dueTick(s: ExportSchedule, now: Date): Date | null {
  const after = new Date(Math.max(Date.parse(s.lastTickAt ?? s.createdAt), Date.parse(s.createdAt)));
  return latestTick(parseCron(s.cron), s.timezone, now, after);
}
