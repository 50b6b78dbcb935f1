/**
 * The pending-batch journal makes multi-table batches all-or-nothing across a
 * crash. A batch is written results → perf → runs; the test_runs row is the
 * commit marker. Before the first insert the batch's (tenant, run) keys are
 * fsync'd to a journal file; after the marker insert the file is removed. At
 * boot, leftover files name runs whose results may be partly written without
 * a marker: those runs were never acknowledged, so their partial rows are
 * deleted and the client's retry stores them once.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export type RunKey = readonly [tenantId: string, runId: string];

export class BatchJournal {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * Resolves once the keys are on disk. Asynchronous on purpose: the fsync
   * runs on the libuv pool, so the event loop keeps parsing the next
   * requests meanwhile (group commit overlaps with request handling).
   */
  async begin(batchId: string, keys: RunKey[]): Promise<void> {
    const handle = await open(join(this.dir, `${batchId}.json`), 'w');
    try {
      await handle.writeFile(JSON.stringify(keys));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async commit(batchId: string): Promise<void> {
    await rm(join(this.dir, `${batchId}.json`), { force: true });
  }

  /** Keys of batches that began but never committed (crash or failed insert). */
  pending(): { batchId: string; keys: RunKey[] }[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        let keys: RunKey[] = [];
        try {
          keys = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as RunKey[];
        } catch {
          // A torn journal write means the crash came before any insert began.
        }
        return { batchId: f.slice(0, -5), keys };
      });
  }
}
