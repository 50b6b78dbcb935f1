/**
 * Writes one batch of runs to the analytics store, exactly once per
 * (tenant, run id): runs already stored (or earlier in the same batch) are
 * reported as duplicates, or as conflicts when their content differs.
 *
 * A batch is written in two phases: data (results, perf) then commit (the
 * test_runs markers). The commit of one batch overlaps the data phase of the
 * next (the queue starts the next batch on `dataWritten`): a marker insert is
 * a few rows and mostly waits for its fsyncs, which would otherwise hold the
 * write lane idle. Why exactly-once still holds:
 * - a run's markers go in only after all its own rows are in (same order as
 *   before), and the markers of consecutive batches go in one after another;
 * - recovery deletes the rows of journaled runs that have no marker, so it
 *   runs only when no batch is in flight (it first waits for the commit in
 *   flight): a batch between its data and its marker is never touched;
 * - a batch holding a run of the batch still committing (the same run id
 *   sent twice at once) waits for that commit before taking its existence
 *   answers, so it sees the marker (or the failure) instead of a stale "not
 *   stored"; runs of different keys cannot affect each other's answers;
 * - the journal keeps every key until its own markers are in (IntentLog).
 *
 * The overlap is real only on separate connections: chDB runs one statement
 * at a time per connection, so markers and existence lookups go on
 * connections of their own to the same engine (the driver's `lane()`, when it
 * has one): they never queue behind the next batch's data insert, and a lookup
 * never queues behind a marker insert (the next batch is formed once its runs'
 * lookups are answered). What a statement on either
 * connection writes is in the same tables: a marker committed on the lane is
 * seen by a lookup on the lane or on the main connection alike.
 */
import { randomUUID } from 'node:crypto';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { BatchJournal, RunKey } from './journal.ts';
import { ExistenceChecks, keyOf } from './existence-checks.ts';
import { IntentLog } from './intent-log.ts';
import type { RunRows } from './rows.ts';
import { StageTimings } from './stage-timings.ts';

export type WriteOutcome = { status: 'stored' } | { status: 'duplicate' } | { status: 'conflict' };

export interface WriteHooks {
  /** Called once the batch's data is in and only its commit remains: the next batch may begin. */
  dataWritten?: () => void;
}

/** A driver that can open another connection to the same store (ChdbDriver). */
interface Laned {
  lane(): AnalyticsDriver;
}
const hasLanes = (db: AnalyticsDriver): db is AnalyticsDriver & Laned => typeof (db as Partial<Laned>).lane === 'function';

/** The commit phase of a batch in flight; `done` never rejects. */
interface Committing {
  keys: Set<string>;
  done: Promise<void>;
}

export class BatchWriter {
  /** Set when a batch failed: remove its partial rows before the next write. */
  #dirty = false;
  /** Wall time per write stage, cumulative (benchmarks and diagnostics read it). */
  readonly timings = new StageTimings();
  /** Lookups of queued runs' keys, taken while earlier batches are inserted. */
  readonly #checks = new ExistenceChecks((keys) => this.#existing(keys));
  /** Keys of queued and in-flight runs, made durable in the journal ahead of their write. */
  readonly #intents: IntentLog;
  /** The last batch's commit phase (its markers), possibly still running. */
  #committing: Committing | undefined;
  /** Marker inserts, and existence lookups: each on a connection of its own when the driver has lanes, else `db`. */
  readonly #markers: AnalyticsDriver;
  readonly #lookups: AnalyticsDriver;

  constructor(
    private readonly db: AnalyticsDriver,
    private readonly journal: BatchJournal,
  ) {
    this.#intents = new IntentLog(journal);
    this.#markers = hasLanes(db) ? db.lane() : db;
    this.#lookups = hasLanes(db) ? db.lane() : db;
  }

  /** Removes partial rows of batches that never committed. Call at boot before accepting writes. */
  recover(): Promise<number> {
    return this.#recover(true);
  }

  /**
   * `clear`: drop the journal entries afterwards. Only at boot: while running,
   * the entry also covers runs still queued, so it must stay (recovering it
   * again is harmless).
   */
  async #recover(clear: boolean): Promise<number> {
    let cleaned = 0;
    for (const { batchId, keys } of this.journal.pending()) {
      if (keys.length > 0) {
        const stored = await this.#existing(keys);
        const orphans = keys.filter(([t, r]) => !stored.has(keyOf(t, r)));
        for (const [tenant, runs] of groupByTenant(orphans)) {
          for (const table of ['test_results', 'perf_samples']) {
            await this.db.command(`DELETE FROM ${table} WHERE tenant_id = {tenant:String} AND run_id IN {runs:Array(String)}`, {
              tenant,
              runs,
            });
          }
          cleaned += runs.length;
        }
      }
      if (clear) this.journal.commit(batchId);
    }
    this.#dirty = false;
    return cleaned;
  }

  /** A run was queued: start looking its key up now, off the write's critical path. */
  expect(run: RunRows): void {
    this.#checks.expect([run.tenantId, run.runId]);
    this.#intents.add([run.tenantId, run.runId]);
  }

  /** False while the run's existence answer or journal cover is still on its way. */
  prepared(run: RunRows): boolean {
    const key: RunKey = [run.tenantId, run.runId];
    return !this.#checks.pending(key) && !this.#intents.pending(key);
  }

  /** Resolves once the run is prepared; never rejects (a failed flush is retried and reported by the write). */
  async prepare(run: RunRows): Promise<void> {
    const key: RunKey = [run.tenantId, run.runId];
    await Promise.all([this.#checks.settled(key), this.#intents.cover([key]).catch(() => undefined)]);
  }

  /** (tenant, run) → content hash of the batch's runs already stored. */
  async #storedOf(keys: readonly RunKey[]): Promise<Map<string, string>> {
    const { known, unknown } = await this.#checks.take(keys);
    const stored = unknown.length > 0 ? await this.#existing(unknown) : new Map<string, string>();
    for (const [k, hash] of known) if (hash !== undefined) stored.set(k, hash);
    return stored;
  }

  async write(batch: RunRows[], hooks: WriteHooks = {}): Promise<WriteOutcome[]> {
    const keys: RunKey[] = batch.map((r) => [r.tenantId, r.runId]);
    const previous = this.#committing;
    // Recovery needs nothing in flight; a run also in the committing batch needs its outcome.
    if (previous && (this.#dirty || keys.some(([tenant, run]) => previous.keys.has(keyOf(tenant, run))))) await previous.done;
    // A retry of a run from a failed batch must not meet that batch's partial rows.
    if (this.#dirty) await this.#recover(false);
    const batchId = randomUUID();
    const t = this.timings;
    // Both normally finished in the background while the previous batch was
    // inserted; no insert begins before the batch's keys are durable in the journal.
    let stored: Map<string, string>;
    try {
      [stored] = await Promise.all([
        t.time('check', () => this.#storedOf(keys)),
        t.time('journal', () => this.#intents.cover(keys)),
      ]);
    } catch (err) {
      this.#failed();
      throw err;
    }
    const seen = new Map<string, string>();
    const outcomes: WriteOutcome[] = [];
    const fresh: RunRows[] = [];
    for (const run of batch) {
      const k = keyOf(run.tenantId, run.runId);
      const prior = stored.get(k) ?? seen.get(k);
      if (prior !== undefined) {
        outcomes.push(prior === run.contentHash ? { status: 'duplicate' } : { status: 'conflict' });
        continue;
      }
      seen.set(k, run.contentHash);
      fresh.push(run);
      outcomes.push({ status: 'stored' });
    }
    if (fresh.length > 0) {
      try {
        await t.time('results', () => this.db.insertJsonEachRow('test_results', Buffer.concat(fresh.map((r) => r.results)), { dedupToken: `${batchId}:r` }));
        await t.time('perf', () => this.db.insertJsonEachRow('perf_samples', Buffer.concat(fresh.map((r) => r.perf)), { dedupToken: `${batchId}:p` }));
      } catch (err) {
        this.#failed();
        throw err;
      }
    }
    // Order matters: the test_runs rows are the commit markers and go last, after the previous batch's.
    const commit = this.#commit(batchId, fresh, keys, previous);
    this.#committing = { keys: new Set(fresh.map((r) => keyOf(r.tenantId, r.runId))), done: commit.then(() => undefined, () => undefined) };
    hooks.dataWritten?.();
    await commit;
    return outcomes;
  }

  async #commit(batchId: string, fresh: RunRows[], keys: RunKey[], previous: Committing | undefined): Promise<void> {
    const t = this.timings;
    if (fresh.length > 0) {
      await previous?.done;
      try {
        await t.time('runs', () => this.#markers.insertJsonEachRow('test_runs', Buffer.from(fresh.map((r) => r.runLine).join('\n')), { dedupToken: `${batchId}:m` }));
      } catch (err) {
        this.#failed();
        throw err;
      }
      this.#checks.committed(fresh);
    }
    // Markers are in: these keys need no journal cover any more (a failed batch's keys keep it).
    t.timeSync('commit', () => this.#intents.release(keys));
    if (fresh.length > 0) t.batches++;
  }

  /** Some rows or markers of a batch may be in: no answer taken so far can be trusted. */
  #failed(): void {
    this.#dirty = true;
    this.#checks.invalidate();
  }

  /** (tenant, run) → content hash of runs already stored. */
  async #existing(keys: readonly RunKey[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const found = new Map<string, string>();
    for (const [tenant, runs] of groupByTenant(keys)) {
      const rows = await this.#lookups.query<{ run_id: string; content_hash: string }>(
        `SELECT run_id, any(content_hash) AS content_hash FROM test_runs
         WHERE tenant_id = {tenant:String} AND run_id IN {runs:Array(String)}
         GROUP BY run_id`,
        { tenant, runs },
      );
      for (const r of rows) found.set(keyOf(tenant, r.run_id), r.content_hash);
    }
    return found;
  }
}

function groupByTenant(keys: readonly RunKey[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [tenant, run] of keys) groups.set(tenant, [...(groups.get(tenant) ?? []), run]);
  return groups;
}
