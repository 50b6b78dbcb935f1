/**
 * The batch journal's one slot: an entry survives a reopen (a restart), a
 * cleared or torn entry reads as none, large entries grow the slot, and files
 * of the earlier one-file-per-batch layout are still recovered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJournal, type RunKey } from '../../src/ingest/journal.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'semantest-journal-'));

test('an entry is pending until committed, and survives a reopen', async () => {
  const dir = fresh();
  const journal = new BatchJournal(dir);
  assert.deepEqual(journal.pending(), []);
  await journal.begin('b1', [['t1', 'r1'], ['t1', 'r2']]);
  journal.close();
  const reopened = new BatchJournal(dir);
  assert.deepEqual(reopened.pending(), [{ batchId: 'b1', keys: [['t1', 'r1'], ['t1', 'r2']] }]);
  reopened.commit('b1');
  assert.deepEqual(reopened.pending(), []);
  reopened.close();
  assert.deepEqual(new BatchJournal(dir).pending(), [], 'the clear is on the file');
});

test('a later entry replaces the earlier one; a shorter entry is not confused by the longer tail', async () => {
  const journal = new BatchJournal(fresh());
  await journal.begin('long', Array.from({ length: 50 }, (_, i): RunKey => ['t1', `run-${i}`]));
  journal.commit('long');
  await journal.begin('short', [['t2', 'x']]);
  assert.deepEqual(journal.pending(), [{ batchId: 'short', keys: [['t2', 'x']] }]);
});

test('a torn entry reads as none (the crash came before any insert)', async () => {
  const dir = fresh();
  const journal = new BatchJournal(dir);
  await journal.begin('b1', [['t1', 'r1']]);
  journal.close();
  const slot = join(dir, 'slot.bin');
  const bytes = readFileSync(slot);
  bytes[45] = bytes[45]! ^ 0xff; // one payload byte of the entry never reached the disk
  writeFileSync(slot, bytes);
  assert.deepEqual(new BatchJournal(dir).pending(), []);
});

test('an entry larger than the slot grows it', async () => {
  const dir = fresh();
  const journal = new BatchJournal(dir);
  const keys = Array.from({ length: 40_000 }, (_, i): RunKey => ['tenant-with-a-long-id', `run-${i}-${'x'.repeat(10)}`]);
  await journal.begin('big', keys);
  assert.ok(statSync(join(dir, 'slot.bin')).size > 1 << 20);
  assert.deepEqual(journal.pending()[0]?.keys.length, keys.length);
});

test('entries of the one-file-per-batch layout are recovered and removed on commit', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'old-batch.json'), JSON.stringify([['t1', 'r9']]));
  const journal = new BatchJournal(dir);
  assert.deepEqual(journal.pending(), [{ batchId: 'old-batch', keys: [['t1', 'r9']] }]);
  journal.commit('old-batch');
  assert.deepEqual(journal.pending(), []);
});
