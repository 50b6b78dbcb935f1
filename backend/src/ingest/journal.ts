/**
 * The pending-batch journal makes multi-table batches all-or-nothing across a
 * crash. A batch is written results → perf → runs; the test_runs row is the
 * commit marker. Before the first insert the batch's (tenant, run) keys are
 * fsync'd to a journal file; after the marker insert the file is removed. At
 * boot, leftover files name runs whose results may be partly written without
 * a marker: those runs were never acknowledged, so their partial rows are
 * deleted and the client's retry stores them once.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type RunKey = readonly [tenantId: string, runId: string];

export class BatchJournal {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  begin(batchId: string, keys: RunKey[]): void {
    const file = join(this.dir, `${batchId}.json`);
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, JSON.stringify(keys));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  commit(batchId: string): void {
    rmSync(join(this.dir, `${batchId}.json`), { force: true });
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
