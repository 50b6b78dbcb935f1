/**
 * Existence checks taken ahead of the batch write. The writer must know which
 * (tenant, run) keys are already stored before it inserts a batch; asking when
 * the batch is written puts a store round trip on the critical path of every
 * batch. Instead each run's key is looked up when its request is queued, in
 * one coalesced query per event-loop turn, while the previous batch is still
 * being inserted (chDB runs a query alongside an insert).
 *
 * An answer must not go stale between the query and the write. Invariants:
 * - only this writer adds markers (one process owns the chDB data directory);
 * - an entry is registered before its query starts, so a marker committed
 *   before the query is seen by it, and one committed after registration is
 *   patched into the entry by `committed()`; the patch wins;
 * - a failed batch may have written some markers without patching, so it
 *   drops every entry (`invalidate()`): those runs are looked up again at
 *   write time, after recovery.
 */
import type { RunKey } from './journal.ts';

export type Lookup = (keys: readonly RunKey[]) => Promise<Map<string, string>>;

/** The answer is not usable (lookup failed or entry dropped): ask again at write time. */
const UNKNOWN = Symbol('unknown');
type Answer = string | undefined | typeof UNKNOWN;

interface Entry {
  key: RunKey;
  refs: number;
  answer: Promise<Answer>;
  settle: (a: Answer) => void;
  /** Content hash of a marker this writer committed after the entry was registered. */
  committed?: string;
  dropped?: boolean;
  answered?: boolean;
}

export const keyOf = (tenantId: string, runId: string): string => `${tenantId}\u0000${runId}`;

export class ExistenceChecks {
  #entries = new Map<string, Entry>();
  #queued: Entry[] = [];
  #running = false;
  #scheduled = false;

  constructor(
    private readonly lookup: Lookup,
    /** Most keys one coalesced query carries. */
    private readonly maxKeys = 5_000,
  ) {}

  /** A run with this key will be written soon: look it up in the background. */
  expect(key: RunKey): void {
    const k = keyOf(key[0], key[1]);
    const existing = this.#entries.get(k);
    if (existing) {
      existing.refs++;
      return;
    }
    let settle!: (a: Answer) => void;
    const answer = new Promise<Answer>((r) => (settle = r));
    const entry: Entry = { key, refs: 1, answer, settle };
    void answer.then(() => (entry.answered = true));
    this.#entries.set(k, entry);
    this.#queued.push(entry);
    this.#schedule();
  }

  /**
   * Consumes the expectations of a batch's keys. Returns the known answers
   * (content hash when stored, undefined when not) and the keys that still
   * need a lookup.
   */
  async take(keys: readonly RunKey[]): Promise<{ known: Map<string, string | undefined>; unknown: RunKey[] }> {
    const known = new Map<string, string | undefined>();
    const unknown: RunKey[] = [];
    const waits: Promise<void>[] = [];
    for (const key of keys) {
      const k = keyOf(key[0], key[1]);
      const entry = this.#entries.get(k);
      if (!entry) {
        unknown.push(key);
        continue;
      }
      if (--entry.refs === 0) this.#entries.delete(k);
      waits.push(
        entry.answer.then((a) => {
          const answer = entry.dropped ? UNKNOWN : entry.committed ?? a;
          if (answer === UNKNOWN) unknown.push(key);
          else known.set(k, answer);
        }),
      );
    }
    await Promise.all(waits);
    return { known, unknown };
  }

  /** Whether taking this key's answer would wait for a query. */
  pending(key: RunKey): boolean {
    return this.#entries.get(keyOf(key[0], key[1]))?.answered !== true;
  }

  /** Resolves when this key's answer is in (or when there is nothing to wait for). */
  async settled(key: RunKey): Promise<void> {
    await this.#entries.get(keyOf(key[0], key[1]))?.answer;
  }

  /** Markers this writer just committed: entries waiting for these keys now see them. */
  committed(runs: readonly { tenantId: string; runId: string; contentHash: string }[]): void {
    for (const r of runs) {
      const entry = this.#entries.get(keyOf(r.tenantId, r.runId));
      if (entry) entry.committed = r.contentHash;
    }
  }

  /** After a failed batch: no answer taken so far can be trusted. */
  invalidate(): void {
    for (const entry of this.#entries.values()) {
      entry.dropped = true;
      entry.settle(UNKNOWN);
    }
    this.#entries.clear();
    this.#queued = [];
  }

  #schedule(): void {
    if (this.#running || this.#scheduled) return;
    this.#scheduled = true;
    // Coalesce the keys of every request handled in this turn into one query.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#run();
    });
  }

  async #run(): Promise<void> {
    if (this.#running || this.#queued.length === 0) return;
    this.#running = true;
    const entries = this.#queued.splice(0, this.maxKeys);
    try {
      const found = await this.lookup(entries.map((e) => e.key));
      for (const e of entries) e.settle(found.get(keyOf(e.key[0], e.key[1])));
    } catch {
      for (const e of entries) e.settle(UNKNOWN);
    } finally {
      this.#running = false;
      if (this.#queued.length > 0) this.#schedule();
    }
  }
}
