/**
 * The writer commits markers and looks runs up on a lane of the chDB driver
 * (a second connection to the same engine, see writer.ts): what one
 * connection writes the other reads, and the writer's markers land in the
 * same table every reader uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BatchJournal } from '../../src/ingest/journal.ts';
import { BatchWriter } from '../../src/ingest/writer.ts';
import { rows, scratchStore } from './writer-fixture.ts';

const { store, count } = scratchStore('semantest-lane-');

test('a lane shares the engine and data with its driver', async () => {
  const lane = store.db.lane();
  await lane.insertJsonEachRow('test_runs', Buffer.from('{"tenant_id":"t1","run_id":"lane-1","started_at":"2026-11-01 00:00:00","finished_at":"2026-11-01 00:00:00","retention_days":30}\n'));
  assert.equal(await count('test_runs', 'lane-1'), 1, 'the driver reads what the lane wrote');
  await store.db.insertJsonEachRow('test_runs', Buffer.from('{"tenant_id":"t1","run_id":"lane-2","started_at":"2026-11-01 00:00:00","finished_at":"2026-11-01 00:00:00","retention_days":30}\n'));
  const seen = await lane.query<{ run_id: string }>("SELECT run_id FROM test_runs WHERE run_id LIKE 'lane-%' ORDER BY run_id");
  assert.deepEqual(seen.map((r) => r.run_id), ['lane-1', 'lane-2'], 'the lane reads what the driver wrote');
});

test('a writer on a laned driver stores a run once and recognises its retry', async () => {
  const writer = new BatchWriter(store.db, new BatchJournal(join(store.dir, 'journal')));
  assert.deepEqual(await writer.write([rows('lane-run', 4)]), [{ status: 'stored' }]);
  assert.equal(await count('test_runs', 'lane-run'), 1);
  assert.equal(await count('test_results', 'lane-run'), 4);
  // A second writer (a restart) looks the run up afresh on its own lane.
  const again = new BatchWriter(store.db, new BatchJournal(join(store.dir, 'journal2')));
  assert.deepEqual(await again.write([rows('lane-run', 4)]), [{ status: 'duplicate' }]);
  assert.equal(await count('test_results', 'lane-run'), 4, 'the retry wrote nothing');
});
