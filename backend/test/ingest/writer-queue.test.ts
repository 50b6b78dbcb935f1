import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BatchJournal } from '../../src/ingest/journal.ts';
import { BatchWriter } from '../../src/ingest/writer.ts';
import { IngestQueue } from '../../src/ingest/queue.ts';
import { rows, scratchStore } from './writer-fixture.ts';
import type { AppError } from '../../src/errors/app-error.ts';
import type { AnalyticsDriver } from '../../src/storage/analytics/driver.ts';

const { store, count } = scratchStore('semantest-writer-');

test('recovery removes the partial rows of a batch that never committed', async () => {
  const journal = new BatchJournal(join(store.dir, 'journal'));
  const partial = rows('partial-1');
  // Simulate a crash after the results insert and before the run marker.
  await journal.begin('crashed-batch', [['t1', 'partial-1']]);
  await store.db.insertJsonEachRow('test_results', partial.results);
  assert.equal(await count('test_results', 'partial-1'), 3);
  const writer = new BatchWriter(store.db, journal);
  assert.equal(await writer.recover(), 1);
  assert.equal(await count('test_results', 'partial-1'), 0);
  assert.deepEqual(journal.pending(), []);
  // The client's retry then stores it exactly once.
  assert.deepEqual(await writer.write([partial]), [{ status: 'stored' }]);
  assert.equal(await count('test_results', 'partial-1'), 3);
  assert.equal(await count('test_runs', 'partial-1'), 1);
});

test('recovery keeps runs whose marker was written', async () => {
  const journal = new BatchJournal(join(store.dir, 'journal2'));
  const writer = new BatchWriter(store.db, journal);
  await writer.write([rows('complete-1')]);
  await journal.begin('acked-but-not-cleared', [['t1', 'complete-1']]);
  assert.equal(await writer.recover(), 0);
  assert.equal(await count('test_results', 'complete-1'), 3);
});

test('a failing store rejects the whole batch and cleans up before the next write', async () => {
  const journal = new BatchJournal(join(store.dir, 'journal3'));
  let failMarker = true;
  const flaky: AnalyticsDriver = {
    kind: 'chdb',
    query: (sql, params) => store.db.query(sql, params),
    command: (sql, params) => store.db.command(sql, params),
    close: async () => undefined,
    insertJsonEachRow: async (table, body, opts) => {
      if (table === 'test_runs' && failMarker) throw new Error('disk full');
      return store.db.insertJsonEachRow(table, body, opts);
    },
  };
  const writer = new BatchWriter(flaky, journal);
  await assert.rejects(writer.write([rows('fail-1')]), /disk full/);
  assert.equal(await count('test_results', 'fail-1'), 3, 'partial rows exist until cleanup');
  failMarker = false;
  assert.deepEqual(await writer.write([rows('fail-1')]), [{ status: 'stored' }]);
  assert.equal(await count('test_results', 'fail-1'), 3, 'stored once after the retry');
});

test('the queue refuses with 503 + Retry-After when full, and drain writes everything queued', async () => {
  const writer = new BatchWriter(store.db, new BatchJournal(join(store.dir, 'journal4')));
  const queue = new IngestQueue(writer, { batchMaxRows: 1000, batchMaxAgeMs: 200, minFlushIntervalMs: 50, maxQueuedRows: 10 });
  const first = queue.submit(rows('q-1', 5));
  const refused = queue.submit(rows('q-2', 8));
  await assert.rejects(refused, (e: AppError) => e.code === 'INGEST_QUEUE_FULL' && e.status === 503 && e.headers?.['retry-after'] === '1');
  await queue.drain();
  assert.deepEqual(await first, { status: 'stored' });
  await assert.rejects(queue.submit(rows('q-3')), (e: AppError) => e.code === 'SHUTTING_DOWN');
  assert.equal(await count('test_runs', 'q-2'), 0, 'a refused run wrote nothing');
});

test('a size threshold flushes without waiting for the age', async () => {
  const writer = new BatchWriter(store.db, new BatchJournal(join(store.dir, 'journal5')));
  const queue = new IngestQueue(writer, { batchMaxRows: 5, batchMaxAgeMs: 250, minFlushIntervalMs: 50, maxQueuedRows: 1000 });
  const events: string[][] = [];
  queue.on('batch', (e) => events.push(e.runIds));
  await Promise.all([queue.submit(rows('s-1', 4)), queue.submit(rows('s-2', 4))]);
  assert.equal(queue.stats.batchesWritten, 2, 'each run (5 rows with its marker) filled a batch');
  assert.deepEqual(events.flat().sort(), ['s-1', 's-2']);
  // The per-stage counters cover every stored batch and every stage of it.
  const timings = queue.writeTimings();
  assert.equal(timings.batches, 2);
  assert.deepEqual(Object.keys(timings.ms).sort(), ['check', 'commit', 'journal', 'perf', 'results', 'runs']);
  assert.ok(Object.values(timings.ms).every((ms) => ms >= 0));
  // A run already stored is answered by the check alone: no new batch is counted.
  assert.deepEqual(await queue.submit(rows('s-1', 4)), { status: 'duplicate' });
  assert.equal(queue.writeTimings().batches, 2);
  await queue.drain();
});
