/**
 * Runs the delivery of succeeded scheduled jobs: one attempt per call
 * (send-export.ts), its outcome recorded under the holder's fencing token
 * (delivery-store.ts). A failed attempt leaves the job pending with a retry
 * time; the export service's lease loop takes over pending deliveries whose
 * lease or retry time has passed, on whichever replica gets there first.
 */
import type { ExportJob } from '../types.ts';
import type { DeliveryStore } from './delivery-store.ts';
import { sendExport, type SendExportOptions } from './send-export.ts';

export interface DeliveryRunnerOptions extends SendExportOptions {
  store: DeliveryStore;
  maxAttempts: number;
  backoffMs: number;
}

export class DeliveryRunner {
  /** Deliveries in flight in this process: job id → fencing token (the heartbeat renews them). */
  readonly #holds = new Map<string, number>();

  constructor(private readonly o: DeliveryRunnerOptions) {}

  holds(): { id: string; token: number }[] {
    return [...this.#holds].map(([id, token]) => ({ id, token }));
  }

  /** One attempt; resolves to the recorded job, or null when this process's token went stale meanwhile. */
  async run(job: ExportJob): Promise<ExportJob | null> {
    this.#holds.set(job.id, job.leaseToken);
    try {
      let error: string | undefined;
      try {
        await sendExport(this.o, job);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      return await this.o.store.finish(job.id, job.leaseToken, {
        ok: error === undefined,
        ...(error === undefined ? {} : { error }),
        now: new Date(),
        maxAttempts: this.o.maxAttempts,
        backoffMs: this.o.backoffMs,
      });
    } finally {
      this.#holds.delete(job.id);
    }
  }

  /** Pending deliveries whose lease or retry time passed, now held by the caller under `until`. */
  takeOver(now: Date, until: Date): Promise<ExportJob[]> {
    return this.o.store.takeOver(now, until);
  }
}
