/**
 * The next batch's data is inserted while the previous batch's markers are
 * committed; exactly-once must hold across that overlap (see writer.ts).
 * A gate holds a batch between its data and its marker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BatchJournal } from '../../src/ingest/journal.ts';
import { BatchWriter } from '../../src/ingest/writer.ts';
import { IngestQueue } from '../../src/ingest/queue.ts';
import type { RunRows } from '../../src/ingest/rows.ts';
import { rows, scratchStore } from './writer-fixture.ts';
import type { AnalyticsDriver } from '../../src/storage/analytics/driver.ts';

const { store, count } = scratchStore('semantest-overlap-');

/** A driver whose next marker insert waits for `open` (and then fails when asked to). */
function gatedDriver() {
  const events: string[] = [];
  let release: (fail: boolean) => void = () => undefined;
  let gate: Promise<boolean> | undefined;
  const driver: AnalyticsDriver = {
    kind: 'chdb',
    query: (sql, params) => store.db.query(sql, params),
    command: (sql, params) => (events.push(sql.trim().split(/\s+/)[0]!), store.db.command(sql, params)),
    close: async () => undefined,
    insertJsonEachRow: async (table, body, opts) => {
      if (body.length === 0) return store.db.insertJsonEachRow(table, body, opts);
      const run = (JSON.parse(body.toString().split('\n')[0]!) as { run_id: string }).run_id;
      events.push(`${table}:${run}`);
      if (table === 'test_runs' && gate) {
        const held = gate;
        gate = undefined;
        if (await held) throw new Error('marker write failed');
      }
      const out = await store.db.insertJsonEachRow(table, body, opts);
      events.push(`${table}:${run}:done`);
      return out;
    },
  };
  return {
    driver,
    events,
    hold: () => (gate = new Promise<boolean>((r) => (release = r))),
    open: (fail = false) => release(fail),
  };
}

/** Starts a write and resolves once its data is in (its commit may still be held). */
function startWrite(writer: BatchWriter, batch: RunRows[]) {
  let dataIn!: () => void;
  const data = new Promise<void>((r) => (dataIn = r));
  const done = writer.write(batch, { dataWritten: dataIn });
  done.catch(() => undefined);
  // A write that fails before its data is in settles `data` with its error.
  return { data: Promise.race([data, done.then(() => undefined)]), done };
}

test("the next batch's data goes in while the previous markers are held; each is answered after its own markers", async () => {
  const g = gatedDriver();
  const writer = new BatchWriter(g.driver, new BatchJournal(join(store.dir, 'j1')));
  g.hold();
  const first = startWrite(writer, [rows('ov-1')]);
  await first.data;
  const second = startWrite(writer, [rows('ov-2')]);
  await second.data;
  assert.ok(g.events.includes('test_results:ov-2:done'), 'the second batch inserted its results while the first marker was held');
  assert.ok(!g.events.includes('test_runs:ov-2'), 'its marker waits for the first marker');
  g.open();
  assert.deepEqual(await first.done, [{ status: 'stored' }]);
  assert.deepEqual(await second.done, [{ status: 'stored' }]);
  assert.deepEqual(g.events.filter((e) => e.startsWith('test_runs') && !e.endsWith('done')), ['test_runs:ov-1', 'test_runs:ov-2']);
  for (const id of ['ov-1', 'ov-2']) assert.equal(await count('test_results', id), 3);
});

test('a run sent again while its first batch is committing is answered as a duplicate, stored once', async () => {
  const g = gatedDriver();
  const writer = new BatchWriter(g.driver, new BatchJournal(join(store.dir, 'j2')));
  g.hold();
  const first = startWrite(writer, [rows('dup-1')]);
  await first.data;
  const again = startWrite(writer, [rows('dup-1')]);
  // Give a write that did not wait the time to look the run up and insert it; then let the marker in.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(g.events.filter((e) => e === 'test_results:dup-1').length, 1, 'the second batch waits for the first commit');
  g.open();
  assert.deepEqual(await first.done, [{ status: 'stored' }]);
  assert.deepEqual(await again.done, [{ status: 'duplicate' }]);
  assert.equal(await count('test_results', 'dup-1'), 3);
  assert.equal(await count('test_runs', 'dup-1'), 1);
});

test('a failed marker write leaves the batch after it stored, and the retry of the failed run stored once', async () => {
  const g = gatedDriver();
  const writer = new BatchWriter(g.driver, new BatchJournal(join(store.dir, 'j3')));
  g.hold();
  const failing = startWrite(writer, [rows('mf-a')]);
  await failing.data;
  const next = startWrite(writer, [rows('mf-b')]);
  await next.data;
  g.open(true);
  await assert.rejects(failing.done, /marker write failed/);
  assert.deepEqual(await next.done, [{ status: 'stored' }]);
  assert.deepEqual(await writer.write([rows('mf-a')]), [{ status: 'stored' }]);
  assert.equal(await count('test_results', 'mf-a'), 3, 'partial rows removed before the retry');
  assert.equal(await count('test_results', 'mf-b'), 3, 'recovery kept the committed batch');
});

test('recovery after a failed batch waits for the commit in flight instead of removing its rows', async () => {
  const g = gatedDriver();
  let failResults = false;
  const driver: AnalyticsDriver = {
    ...g.driver,
    insertJsonEachRow: (table, body, opts) =>
      failResults && table === 'test_results' ? Promise.reject(new Error('disk full')) : g.driver.insertJsonEachRow(table, body, opts),
  };
  const writer = new BatchWriter(driver, new BatchJournal(join(store.dir, 'j4')));
  g.hold();
  const held = startWrite(writer, [rows('rw-held')]);
  await held.data;
  failResults = true;
  await assert.rejects(writer.write([rows('rw-failed')]), /disk full/);
  failResults = false;
  const later = startWrite(writer, [rows('rw-later')]);
  // Give a recovery that did not wait the time to run; then let the held marker in.
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(!g.events.includes('DELETE'), 'no recovery while a batch is between its data and its marker');
  g.open();
  assert.deepEqual(await held.done, [{ status: 'stored' }]);
  assert.deepEqual(await later.done, [{ status: 'stored' }]);
  assert.equal(await count('test_results', 'rw-held'), 3);
  assert.equal(await count('test_results', 'rw-later'), 3);
});

test('the queue starts the next batch during a commit, answers each request after its markers, and drain waits for commits', async () => {
  const g = gatedDriver();
  const writer = new BatchWriter(g.driver, new BatchJournal(join(store.dir, 'j5')));
  const queue = new IngestQueue(writer, { batchMaxRows: 4, batchMaxAgeMs: 10, minFlushIntervalMs: 0, maxQueuedRows: 1000 });
  g.hold();
  let answered = 0;
  const a = queue.submit(rows('qo-1')).then((o) => (answered++, o));
  const b = queue.submit(rows('qo-2')).then((o) => (answered++, o));
  while (!g.events.includes('test_results:qo-2:done')) await new Promise((r) => setTimeout(r, 5));
  assert.equal(answered, 0, 'nothing is answered before its markers are in');
  const drained = queue.drain();
  g.open();
  await drained;
  assert.equal(answered, 2, 'drain returned after every commit');
  assert.deepEqual([await a, await b], [{ status: 'stored' }, { status: 'stored' }]);
});
