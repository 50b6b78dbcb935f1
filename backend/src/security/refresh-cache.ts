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
 */
interface Entry<V> {
  value: V;
  loadedAt: number;
  refreshing: boolean;
}

export class RefreshCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Bumped by invalidate(key); loads only store results for the version they started at. */
  readonly #versions = new Map<string, number>();
  #epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly staleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    const age = entry ? this.now() - entry.loadedAt : Infinity;
    if (entry && age < this.ttlMs) return entry.value;
    if (entry && age < this.ttlMs + this.staleMs) {
      if (!entry.refreshing) {
        entry.refreshing = true;
        this.#load(key, load).catch(() => {
          entry.refreshing = false;
        });
      }
      return entry.value;
    }
    return this.#load(key, load);
  }

  invalidate(key: string): void {
    this.#entries.delete(key);
    this.#versions.set(key, (this.#versions.get(key) ?? 0) + 1);
  }

  invalidateAll(): void {
    this.#entries.clear();
    this.#epoch++;
  }

  async #load(key: string, load: () => Promise<V>): Promise<V> {
    const version = this.#versions.get(key) ?? 0;
    const epoch = this.#epoch;
    const startedAt = this.now();
    const value = await load();
    if ((this.#versions.get(key) ?? 0) === version && this.#epoch === epoch) {
      this.#entries.set(key, { value, loadedAt: startedAt, refreshing: false });
    }
    return value;
  }
}
