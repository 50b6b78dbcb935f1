/**
 * Writes one batch of runs to the analytics store, exactly once per
 * (tenant, run id): runs already stored (or earlier in the same batch) are
 * reported as duplicates, or as conflicts when their content differs.
 */
import { randomUUID } from 'node:crypto';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { BatchJournal, RunKey } from './journal.ts';
import type { RunRows } from './rows.ts';
import { StageTimings } from './stage-timings.ts';

export type WriteOutcome = { status: 'stored' } | { status: 'duplicate' } | { status: 'conflict' };

export class BatchWriter {
  /** Set when a batch failed after its journal entry: clean up before the next write. */
  #dirty = false;
  /** Wall time per write stage, cumulative (benchmarks and diagnostics read it). */
  readonly timings = new StageTimings();

  constructor(
    private readonly db: AnalyticsDriver,
    private readonly journal: BatchJournal,
  ) {}

  /** Removes partial rows of batches that never committed. Call at boot before accepting writes. */
  async recover(): Promise<number> {
    let cleaned = 0;
    for (const { batchId, keys } of this.journal.pending()) {
      if (keys.length > 0) {
        const stored = await this.#existing(keys);
        const orphans = keys.filter(([t, r]) => !stored.has(`${t}\u0000${r}`));
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
      await this.journal.commit(batchId);
    }
    this.#dirty = false;
    return cleaned;
  }

  async write(batch: RunRows[]): Promise<WriteOutcome[]> {
    // A retry of a run from a failed batch must not meet that batch's partial rows.
    if (this.#dirty) await this.recover();
    const keys: RunKey[] = batch.map((r) => [r.tenantId, r.runId]);
    const stored = await this.timings.time('check', () => this.#existing(keys));
    const seen = new Map<string, string>();
    const outcomes: WriteOutcome[] = [];
    const fresh: RunRows[] = [];
    for (const run of batch) {
      const k = `${run.tenantId}\u0000${run.runId}`;
      const prior = stored.get(k) ?? seen.get(k);
      if (prior !== undefined) {
        outcomes.push(prior === run.contentHash ? { status: 'duplicate' } : { status: 'conflict' });
        continue;
      }
      seen.set(k, run.contentHash);
      fresh.push(run);
      outcomes.push({ status: 'stored' });
    }
    if (fresh.length === 0) return outcomes;

    const batchId = randomUUID();
    const t = this.timings;
    await t.time('journal', () => this.journal.begin(batchId, fresh.map((r) => [r.tenantId, r.runId])));
    try {
      // Order matters: the test_runs row is the commit marker and goes last.
      await t.time('results', () => this.db.insertJsonEachRow('test_results', Buffer.concat(fresh.map((r) => r.results)), { dedupToken: `${batchId}:r` }));
      await t.time('perf', () => this.db.insertJsonEachRow('perf_samples', Buffer.concat(fresh.map((r) => r.perf)), { dedupToken: `${batchId}:p` }));
      await t.time('runs', () => this.db.insertJsonEachRow('test_runs', Buffer.from(fresh.map((r) => r.runLine).join('\n')), { dedupToken: `${batchId}:m` }));
    } catch (err) {
      this.#dirty = true;
      throw err;
    }
    await t.time('commit', () => this.journal.commit(batchId));
    t.batches++;
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
      for (const r of rows) found.set(`${tenant}\u0000${r.run_id}`, r.content_hash);
    }
    return found;
  }
}

function groupByTenant(keys: readonly RunKey[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [tenant, run] of keys) groups.set(tenant, [...(groups.get(tenant) ?? []), run]);
  return groups;
}
