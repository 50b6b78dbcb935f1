/**
 * A batch does not wait for a run whose existence answer or journal cover is
 * still under way: after its first run it stops at the first unprepared one,
 * which goes with the next batch. An unprepared first run is waited for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestQueue } from '../../src/ingest/queue.ts';
import type { BatchWriter, WriteOutcome } from '../../src/ingest/writer.ts';
import { buildRunRows, type RunRows } from '../../src/ingest/rows.ts';

const run = (runId: string): RunRows =>
  buildRunRows({
    tenantId: 't1', retentionDays: 30, runId, contentHash: runId, meta: { project: 'p' },
    report: { format: 'json', cases: [{ suite: 's', name: 'c', status: 'passed', durationMs: 1 }] }, now: new Date('2026-11-01T00:00:00Z'),
  });

test('an unprepared run waits for the next batch; an unprepared head is waited for', async () => {
  const batches: string[][] = [];
  const unprepared = new Set(['a', 'c']);
  const writer = {
    timings: { snapshot: () => ({ batches: 0, ms: {} }) },
    expect: () => undefined,
    prepared: (r: RunRows) => !unprepared.has(r.runId),
    prepare: async (r: RunRows) => {
      unprepared.delete(r.runId); // an unprepared head is waited for
    },
    write: async (batch: RunRows[]): Promise<WriteOutcome[]> => {
      batches.push(batch.map((r) => r.runId));
      unprepared.clear(); // their answers arrive while this batch is written
      return batch.map(() => ({ status: 'stored' }));
    },
  } as unknown as BatchWriter;
  const queue = new IngestQueue(writer, { batchMaxRows: 1000, batchMaxAgeMs: 50, minFlushIntervalMs: 0, maxQueuedRows: 1000 });
  await Promise.all(['a', 'b', 'c', 'd'].map((id) => queue.submit(run(id))));
  assert.deepEqual(batches, [['a', 'b'], ['c', 'd']]);
});
