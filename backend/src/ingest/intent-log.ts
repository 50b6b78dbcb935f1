/**
 * Keeps the key of every queued or in-flight run durable in the batch journal
 * ahead of its write, so a batch seldom waits for a disk flush: the flush for
 * its runs ran in the background while the previous batch was inserted.
 *
 * Invariants:
 * - the journal's record is rewritten whole (the set of keys not yet
 *   committed) and flushes are serial, so the last flushed record names every
 *   key added up to its sequence number and not released before it;
 * - a key is released only after its batch's markers are in: the keys of a
 *   batch in flight, or of a failed batch, stay in every later record;
 * - a record naming more keys than were written (queued runs, committed
 *   runs) is harmless: recovery only removes rows of keys without a marker,
 *   and a run never written has no rows.
 */
import type { BatchJournal, RunKey } from './journal.ts';
import { keyOf } from './existence-checks.ts';

export class IntentLog {
  #keys = new Map<string, { key: RunKey; seq: number }>();
  #added = 0;
  /** Every key added at or before this sequence number is in the flushed record. */
  #durable = 0;
  #flushing: Promise<void> | undefined;
  #scheduled = false;

  constructor(private readonly journal: BatchJournal) {}

  /** A run was queued: its key goes into the next background flush. */
  add(key: RunKey): void {
    this.#ensure(key);
    this.#schedule();
  }

  /** Resolves once every key is in a flushed record; rejects when the flush fails. */
  async cover(keys: readonly RunKey[]): Promise<void> {
    let need = 0;
    for (const key of keys) need = Math.max(need, this.#ensure(key));
    while (this.#durable < need) {
      if (this.#flushing) await this.#flushing.catch(() => undefined);
      else await this.#start();
    }
  }

  /** The batch's markers are in (or its runs were duplicates): their keys need no cover. */
  release(keys: readonly RunKey[]): void {
    for (const [tenant, run] of keys) this.#keys.delete(keyOf(tenant, run));
  }

  /** Whether covering this key would wait for a flush. */
  pending(key: RunKey): boolean {
    const entry = this.#keys.get(keyOf(key[0], key[1]));
    return !entry || entry.seq > this.#durable;
  }

  get size(): number {
    return this.#keys.size;
  }

  #ensure(key: RunKey): number {
    const k = keyOf(key[0], key[1]);
    let entry = this.#keys.get(k);
    if (!entry) this.#keys.set(k, (entry = { key, seq: ++this.#added }));
    return entry.seq;
  }

  #start(): Promise<void> {
    const upTo = this.#added;
    const flush = this.journal.begin(`intents-${upTo}`, [...this.#keys.values()].map((e) => e.key)).then(() => {
      this.#durable = Math.max(this.#durable, upTo);
    });
    this.#flushing = flush;
    flush.then(
      () => {
        this.#flushing = undefined;
        if (this.#durable < this.#added) this.#schedule();
      },
      () => (this.#flushing = undefined),
    );
    return flush;
  }

  /** Background flush, coalescing the keys of every request handled in this turn. */
  #schedule(): void {
    if (this.#flushing || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // A failed background flush is retried by the write that needs it (cover), which reports the error.
      if (!this.#flushing && this.#durable < this.#added) this.#start().catch(() => undefined);
    });
  }
}
