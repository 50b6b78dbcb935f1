/**
 * The platform self-monitoring sampler: every `everySeconds` it turns the
 * interval's per-tenant windows (probes.ts) into rows of `platform_metrics`
 * (migration 0005), read back through the admin-only `platform` dataset.
 * Invariants: every tenant row carries its own tenant id (never another
 * tenant's figures); a failed insert is dropped, not retried (samples are
 * best-effort and must never back up memory); `stop()` waits for a tick in flight.
 */
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { IngestQueue } from '../ingest/queue.ts';
import type { QueryService } from '../queries/query-service.ts';
import { attachIngestProbe, attachQueryProbe } from './probes.ts';
import { DANGEROUS_storageAcrossTenants } from './storage-probe.ts';
import { Windows } from './window.ts';
import { toSampleRows, type SampleRow } from './rows.ts';

export interface PlatformSamplerDeps {
  analytics: AnalyticsDriver;
  queue: IngestQueue;
  queries: QueryService;
}

/** Rows and bytes per tenant are refreshed about this often (a scan, see storage-probe.ts). */
const STORAGE_EVERY_MS = 5 * 60_000;
/** A tenant keeps getting queue-depth samples this long after its last activity. */
const ACTIVE_FOR_MS = 15 * 60_000;

export class PlatformSampler {
  readonly #windows = new Windows();
  readonly #detach: (() => void)[];
  readonly #lastActive = new Map<string, number>();
  #lastStorageAt = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<number> | undefined;

  constructor(private readonly deps: PlatformSamplerDeps, private readonly now: () => number = Date.now) {
    this.#detach = [attachIngestProbe(deps.queue, this.#windows), attachQueryProbe(deps.queries, this.#windows)];
  }

  /** Starts ticking every `everySeconds` (0 = never; tick() can still be called). */
  start(everySeconds: number): this {
    if (everySeconds > 0 && !this.#timer) {
      this.#timer = setInterval(() => void this.tick().catch(() => undefined), everySeconds * 1000);
      this.#timer.unref();
    }
    return this;
  }

  /** One sample: drains the windows and writes their rows. Returns the rows written. */
  tick(opts: { storage?: boolean } = {}): Promise<number> {
    const run = (this.#inFlight ?? Promise.resolve(0)).catch(() => 0).then(() => this.#sample(opts.storage));
    this.#inFlight = run;
    return run;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const d of this.#detach) d();
    await this.#inFlight?.catch(() => undefined);
  }

  async #sample(forceStorage = false): Promise<number> {
    const at = this.now();
    const windows = this.#windows.drain();
    for (const tenant of windows.keys()) this.#lastActive.set(tenant, at);
    for (const [tenant, t] of this.#lastActive) if (at - t > ACTIVE_FOR_MS) this.#lastActive.delete(tenant);

    const rows: SampleRow[] = [];
    const depth = this.deps.queue.stats.queuedRows;
    for (const tenant of this.#lastActive.keys()) {
      rows.push(...toSampleRows(tenant, at, windows.get(tenant), depth));
    }
    if (forceStorage || at - this.#lastStorageAt >= STORAGE_EVERY_MS) {
      this.#lastStorageAt = at;
      for (const [tenant, s] of await DANGEROUS_storageAcrossTenants(this.deps.analytics)) {
        rows.push({ tenant_id: tenant, ts: at, metric: 'rows_stored', value: s.rows }, { tenant_id: tenant, ts: at, metric: 'bytes_on_disk_est', value: Math.round(s.bytesEstimate) });
      }
    }
    if (rows.length === 0) return 0;
    const ndjson = rows.map((r) => JSON.stringify({ ...r, ts: new Date(r.ts).toISOString().replace('T', ' ').replace('Z', '') })).join('\n');
    await this.deps.analytics.insertJsonEachRow('platform_metrics', Buffer.from(ndjson + '\n'));
    return rows.length;
  }
}
