/**
 * Existence checks taken when runs are queued: one coalesced lookup per turn,
 * answers patched by later commits, everything dropped after a failed batch,
 * and a failed lookup asks again at write time. Plus the writer end to end:
 * a run queued while its twin is being written is a duplicate, not a double.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExistenceChecks, keyOf } from '../../src/ingest/existence-checks.ts';
import type { RunKey } from '../../src/ingest/journal.ts';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';
import { migrateAnalytics } from '../../src/storage/analytics/migrate.ts';
import { BatchJournal } from '../../src/ingest/journal.ts';
import { BatchWriter } from '../../src/ingest/writer.ts';
import { IngestQueue } from '../../src/ingest/queue.ts';
import { buildRunRows } from '../../src/ingest/rows.ts';

function fakeStore(stored: Map<string, string>) {
  const calls: RunKey[][] = [];
  const lookup = async (keys: readonly RunKey[]) => {
    calls.push([...keys]);
    return new Map([...keys].flatMap(([t, r]) => (stored.has(keyOf(t, r)) ? [[keyOf(t, r), stored.get(keyOf(t, r))!] as const] : [])));
  };
  return { calls, lookup };
}

test('keys queued in one turn are looked up in one query, and answers are taken once', async () => {
  const { calls, lookup } = fakeStore(new Map([[keyOf('t', 'old'), 'h-old']]));
  const checks = new ExistenceChecks(lookup);
  checks.expect(['t', 'old']);
  checks.expect(['t', 'new']);
  const { known, unknown } = await checks.take([['t', 'old'], ['t', 'new']]);
  assert.equal(calls.length, 1);
  assert.deepEqual([...known], [[keyOf('t', 'old'), 'h-old'], [keyOf('t', 'new'), undefined]]);
  assert.deepEqual(unknown, []);
  assert.deepEqual((await checks.take([['t', 'new']])).unknown, [['t', 'new']], 'a consumed answer is gone');
});

test('a commit after the lookup wins over its answer', async () => {
  const { lookup } = fakeStore(new Map());
  const checks = new ExistenceChecks(lookup);
  checks.expect(['t', 'r']);
  checks.expect(['t', 'r']); // the same run uploaded twice: one entry, two takers
  assert.deepEqual([...(await checks.take([['t', 'r']])).known], [[keyOf('t', 'r'), undefined]]);
  checks.committed([{ tenantId: 't', runId: 'r', contentHash: 'h1' }]);
  assert.deepEqual([...(await checks.take([['t', 'r']])).known], [[keyOf('t', 'r'), 'h1']]);
});

test('after a failed batch, and after a failed lookup, keys are asked again at write time', async () => {
  const { lookup } = fakeStore(new Map());
  const checks = new ExistenceChecks(lookup);
  checks.expect(['t', 'a']);
  await new Promise((r) => setImmediate(r));
  checks.invalidate();
  assert.deepEqual((await checks.take([['t', 'a']])).unknown, [['t', 'a']]);

  const failing = new ExistenceChecks(async () => {
    throw new Error('store down');
  });
  failing.expect(['t', 'b']);
  assert.deepEqual(await failing.take([['t', 'b']]), { known: new Map(), unknown: [['t', 'b']] });
});

test('a run queued while its twin is being written is reported duplicate, stored once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-checks-'));
  const db = new ChdbDriver(join(dir, 'ch'));
  try {
    await migrateAnalytics(db);
    const run = () =>
      buildRunRows({
        tenantId: 't1', retentionDays: 30, runId: 'twin', contentHash: 'same', meta: { project: 'p' },
        report: { format: 'json', cases: [{ suite: 's', name: 'c', status: 'passed', durationMs: 1 }] }, now: new Date('2026-11-01T00:00:00Z'),
      });
    const queue = new IngestQueue(new BatchWriter(db, new BatchJournal(join(dir, 'journal'))), { batchMaxRows: 1, batchMaxAgeMs: 1, minFlushIntervalMs: 0, maxQueuedRows: 100 });
    // batchMaxRows 1: the first is written alone; the second is queued (and looked up) meanwhile.
    const outcomes = await Promise.all([queue.submit(run()), queue.submit(run())]);
    assert.deepEqual(outcomes, [{ status: 'stored' }, { status: 'duplicate' }]);
    const counted = await db.query<{ c: string }>(`SELECT count() AS c FROM test_results WHERE run_id = 'twin'`);
    assert.equal(Number(counted[0]!.c), 1);
  } finally {
    await db.close();
  }
});
