/**
 * Runs are looked up and journaled in the background; a batch waits for the
 * runs queued when it starts that are not done yet, and runs arriving during
 * that wait join it when their own lookup is done (else the next batch).
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

test('a batch waits for its unprepared runs; runs queued meanwhile join it when prepared', async () => {
  const batches: string[][] = [];
  const unprepared = new Set(['a', 'c', 'f']);
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let waiting!: () => void;
  const waited = new Promise<void>((r) => (waiting = r));
  const writer = {
    timings: { snapshot: () => ({ batches: 0, ms: {} }) },
    expect: () => undefined,
    prepared: (r: RunRows) => !unprepared.has(r.runId),
    prepare: async (r: RunRows) => {
      waiting();
      await gate;
      unprepared.delete(r.runId);
    },
    write: async (batch: RunRows[]): Promise<WriteOutcome[]> => {
      assert.ok(batch.every((r) => !unprepared.has(r.runId)), 'nothing unprepared reaches the write');
      batches.push(batch.map((r) => r.runId));
      return batch.map(() => ({ status: 'stored' }));
    },
  } as unknown as BatchWriter;
  const queue = new IngestQueue(writer, { batchMaxRows: 1000, batchMaxAgeMs: 50, minFlushIntervalMs: 0, maxQueuedRows: 1000 });
  const first = ['a', 'b', 'c', 'd'].map((id) => queue.submit(run(id)));
  await waited;
  const late = ['e', 'f'].map((id) => queue.submit(run(id)));
  open();
  await Promise.all([...first, ...late]);
  assert.deepEqual(batches, [['a', 'b', 'c', 'd', 'e'], ['f']]);
});
