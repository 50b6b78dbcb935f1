/**
 * A per-key cache whose entries are refreshed in the background once they
 * are older than `ttlMs` (stale-while-revalidate), so a request never waits
 * on the metadata store for a value it had a moment ago: with the embedded
 * store each reload costs tens of milliseconds on the event loop, and every
 * dashboard panel paid it once per TTL.
 *
 * Invariants:
 * - A value older than ttlMs + staleMs is never served: the caller waits
 *   for a fresh load (so the staleness bound for changes made by other
 *   processes stays ttlMs + staleMs).
 * - invalidate() wins over any load already in flight: a load that began
 *   before an invalidation never stores its (possibly pre-change) result, so
 *   a change made through this process applies to the very next request.
 * - A failed background refresh keeps the old value until it goes past the
 *   stale bound; a failed foreground load rejects and caches nothing.
 * - A background refresh starts on the next event-loop turn (setImmediate),
 *   never inside the caller's own synchronous path.
 * - With `refreshAhead: { keepWarmMs }`, an entry read within the last
 *   keepWarmMs is reloaded by a timer each time it reaches ttlMs, so the
 *   reload of a key in use happens on its own cadence instead of inside the
 *   first request after it aged (measured: that request paid the PGlite
 *   reload, ~8 ms, as extra latency); an entry nobody read for keepWarmMs is
 *   left to age out. Timers are unref'd and cleared by invalidation.
 */
interface Entry<V> {
  value: V;
  loadedAt: number;
  refreshing: boolean;
  /** Last read (carried over reloads); refreshAhead keeps entries read within keepWarmMs fresh. */
  usedAt: number;
  timer?: NodeJS.Timeout;
}

/**
 * How long a key stays warm after its last read: a dashboard refreshing every
 * 10–30 s keeps its tenant's key and security config loaded off the request path.
 */
export const KEEP_WARM_MS = 30_000;

export class RefreshCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Bumped by invalidate(key); loads only store results for the version they started at. */
  readonly #versions = new Map<string, number>();
  #epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly staleMs: number,
    private readonly now: () => number = Date.now,
    private readonly opts: { refreshAhead?: { keepWarmMs: number } } = {},
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    const age = entry ? this.now() - entry.loadedAt : Infinity;
    if (entry) entry.usedAt = this.now();
    if (entry && age < this.ttlMs) return entry.value;
    if (entry && age < this.ttlMs + this.staleMs) {
      if (!entry.refreshing) {
        entry.refreshing = true;
        // Started on the next turn, not inside the request that noticed the age: an embedded
        // store's reload runs on this event loop (~7 ms, 25 ms at p90 under load, measured),
        // and deferred it overlaps the request's engine wait instead of adding to its latency.
        setImmediate(() => {
          this.#load(key, load).catch(() => {
            entry.refreshing = false;
          });
        });
      }
      return entry.value;
    }
    return this.#load(key, load);
  }

  /**
   * The value, without a promise, while it is younger than ttlMs (what get()
   * would answer without waiting or refreshing); undefined otherwise. Counts
   * as a read for refreshAhead.
   */
  peekFresh(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now - entry.loadedAt >= this.ttlMs) return undefined;
    entry.usedAt = now;
    return entry.value;
  }

  invalidate(key: string): void {
    clearTimeout(this.#entries.get(key)?.timer);
    this.#entries.delete(key);
    this.#versions.set(key, (this.#versions.get(key) ?? 0) + 1);
  }

  invalidateAll(): void {
    for (const e of this.#entries.values()) clearTimeout(e.timer);
    this.#entries.clear();
    this.#epoch++;
  }

  async #load(key: string, load: () => Promise<V>): Promise<V> {
    const version = this.#versions.get(key) ?? 0;
    const epoch = this.#epoch;
    const startedAt = this.now();
    const value = await load();
    if ((this.#versions.get(key) ?? 0) === version && this.#epoch === epoch) {
      clearTimeout(this.#entries.get(key)?.timer);
      // A foreground load is a read; a background one keeps the last read time.
      const entry: Entry<V> = { value, loadedAt: startedAt, refreshing: false, usedAt: this.#entries.get(key)?.usedAt ?? startedAt };
      this.#entries.set(key, entry);
      if (this.opts.refreshAhead && this.ttlMs > 0) entry.timer = this.#refreshAt(key, entry, load);
    }
    return value;
  }

  #refreshAt(key: string, entry: Entry<V>, load: () => Promise<V>): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (this.#entries.get(key) !== entry || entry.refreshing || this.now() - entry.usedAt > this.opts.refreshAhead!.keepWarmMs) return;
      entry.refreshing = true;
      this.#load(key, load).catch(() => {
        entry.refreshing = false;
      });
    }, this.ttlMs);
    timer.unref();
    return timer;
  }
}
