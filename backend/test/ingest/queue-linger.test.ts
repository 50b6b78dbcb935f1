/**
 * The queue's linger rule (queue.ts): under load, a batch smaller than half
 * the previous one waits, within its age bound, for more rows, so uploaders
 * that come back right after their answer share one insert with the few
 * rows queued before them instead of those rows paying an insert alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchJournal } from '../../src/ingest/journal.ts';
import { BatchWriter } from '../../src/ingest/writer.ts';
import { IngestQueue } from '../../src/ingest/queue.ts';
import { rows, scratchStore } from './writer-fixture.ts';

const { store, count } = scratchStore('semantest-linger-');

function queueWithEvents(journal: string, batchMaxAgeMs: number) {
  const writer = new BatchWriter(store.db, new BatchJournal(join(store.dir, journal)));
  // A long age bound and a short interval, so the test sees which rule held the batch back.
  const queue = new IngestQueue(writer, { batchMaxRows: 10_000, batchMaxAgeMs, minFlushIntervalMs: 0, maxQueuedRows: 100_000 });
  const batches: string[][] = [];
  queue.on('batch', (e) => batches.push(e.runIds));
  return { queue, batches };
}

test('under load, a small batch waits for the uploaders coming back and goes with them in one insert', async () => {
  const { queue, batches } = queueWithEvents('journal-a', 5_000);
  await queue.submit(rows('big-1', 40)); // the previous batch: 42 rows
  // Right after that write: 6 rows queued (< half of 42), then an uploader comes back.
  const small = queue.submit(rows('small-1', 4));
  await sleep(50);
  const back = queue.submit(rows('big-2', 40));
  assert.deepEqual(await Promise.all([small, back]), [{ status: 'stored' }, { status: 'stored' }]);
  assert.deepEqual(batches, [['big-1'], ['small-1', 'big-2']], 'the small run waited and shared the next insert');
  assert.equal(await count('test_results', 'small-1'), 4);
  await queue.drain();
});

test('a lingering batch still goes by its age bound when nobody comes back', async () => {
  const { queue, batches } = queueWithEvents('journal-b', 300);
  await queue.submit(rows('big-3', 40));
  assert.deepEqual(await queue.submit(rows('alone', 2)), { status: 'stored' }, 'written by the age bound, not starved');
  assert.deepEqual(batches, [['big-3'], ['alone']]);
  await queue.drain();
});

test('drain writes a lingering batch at once', async () => {
  const { queue, batches } = queueWithEvents('journal-c', 5_000);
  await queue.submit(rows('big-4', 40));
  const lingering = queue.submit(rows('tail', 2)); // under load and small: would wait up to 5 s
  await queue.drain(); // stops accepting and writes it now
  assert.deepEqual(await lingering, { status: 'stored' });
  assert.deepEqual(batches, [['big-4'], ['tail']]);
});
