/**
 * Writes one batch of runs to the analytics store, exactly once per
 * (tenant, run id): runs already stored (or earlier in the same batch) are
 * reported as duplicates, or as conflicts when their content differs.
 */
import { randomUUID } from 'node:crypto';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { BatchJournal, RunKey } from './journal.ts';
import { ExistenceChecks, keyOf } from './existence-checks.ts';
import { IntentLog } from './intent-log.ts';
import type { RunRows } from './rows.ts';
import { StageTimings } from './stage-timings.ts';

export type WriteOutcome = { status: 'stored' } | { status: 'duplicate' } | { status: 'conflict' };

export class BatchWriter {
  /** Set when a batch failed: remove its partial rows before the next write. */
  #dirty = false;
  /** Wall time per write stage, cumulative (benchmarks and diagnostics read it). */
  readonly timings = new StageTimings();
  /** Lookups of queued runs' keys, taken while earlier batches are inserted. */
  readonly #checks = new ExistenceChecks((keys) => this.#existing(keys));
  /** Keys of queued and in-flight runs, made durable in the journal ahead of their write. */
  readonly #intents: IntentLog;

  constructor(
    private readonly db: AnalyticsDriver,
    private readonly journal: BatchJournal,
  ) {
    this.#intents = new IntentLog(journal);
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

  async write(batch: RunRows[]): Promise<WriteOutcome[]> {
    // A retry of a run from a failed batch must not meet that batch's partial rows.
    if (this.#dirty) await this.#recover(false);
    const keys: RunKey[] = batch.map((r) => [r.tenantId, r.runId]);
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
      this.#dirty = true;
      this.#checks.invalidate();
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
        // Order matters: the test_runs row is the commit marker and goes last.
        await t.time('results', () => this.db.insertJsonEachRow('test_results', Buffer.concat(fresh.map((r) => r.results)), { dedupToken: `${batchId}:r` }));
        await t.time('perf', () => this.db.insertJsonEachRow('perf_samples', Buffer.concat(fresh.map((r) => r.perf)), { dedupToken: `${batchId}:p` }));
        await t.time('runs', () => this.db.insertJsonEachRow('test_runs', Buffer.from(fresh.map((r) => r.runLine).join('\n')), { dedupToken: `${batchId}:m` }));
      } catch (err) {
        // Some markers may be in: no answer taken before this point can be trusted.
        this.#dirty = true;
        this.#checks.invalidate();
        throw err;
      }
      this.#checks.committed(fresh);
    }
    // Markers are in: these keys need no journal cover any more (a failed batch's keys keep it).
    t.timeSync('commit', () => this.#intents.release(keys));
    if (fresh.length > 0) t.batches++;
    return outcomes;
  }

  /** (tenant, run) → content hash of runs already stored. */
  async #existing(keys: readonly RunKey[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const found = new Map<string, string>();
    for (const [tenant, runs] of groupByTenant(keys)) {
      const rows = await this.db.query<{ run_id: string; content_hash: string }>(
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
