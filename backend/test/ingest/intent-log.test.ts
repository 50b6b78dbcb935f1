/**
 * The intent log keeps queued and in-flight runs' keys durable ahead of their
 * write: a background flush covers queued keys, released keys drop out of the
 * next record, a failed flush fails the write that needs it, and (end to end)
 * no results insert begins before its batch's keys are in the journal on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJournal, type RunKey } from '../../src/ingest/journal.ts';
import { IntentLog } from '../../src/ingest/intent-log.ts';
import { BatchWriter } from '../../src/ingest/writer.ts';
import { IngestQueue } from '../../src/ingest/queue.ts';
import { buildRunRows } from '../../src/ingest/rows.ts';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';
import { migrateAnalytics } from '../../src/storage/analytics/migrate.ts';
import type { AnalyticsDriver } from '../../src/storage/analytics/driver.ts';

const onDisk = (dir: string): RunKey[] => new BatchJournal(dir).pending().flatMap((e) => e.keys);

test('queued keys are flushed in the background; released keys leave the next record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-intents-'));
  const log = new IntentLog(new BatchJournal(dir));
  log.add(['t', 'a']);
  log.add(['t', 'b']);
  await log.cover([['t', 'a'], ['t', 'b']]);
  assert.deepEqual(onDisk(dir), [['t', 'a'], ['t', 'b']]);
  log.release([['t', 'a']]);
  await log.cover([['t', 'c']]); // not queued before: covered on demand
  assert.deepEqual(onDisk(dir), [['t', 'b'], ['t', 'c']]);
});

test('a failing flush fails the write that needs it', async () => {
  const journal = new BatchJournal(mkdtempSync(join(tmpdir(), 'semantest-intents-')));
  journal.begin = async () => {
    throw new Error('disk gone');
  };
  const log = new IntentLog(journal);
  log.add(['t', 'a']);
  await assert.rejects(log.cover([['t', 'a']]), /disk gone/);
});

test('no results insert begins before its batch keys are durable in the journal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-intents-'));
  const db = new ChdbDriver(join(dir, 'ch'));
  try {
    await migrateAnalytics(db);
    const seenAtInsert: RunKey[][] = [];
    const spy: AnalyticsDriver = {
      kind: 'chdb',
      query: (sql, params) => db.query(sql, params),
      command: (sql, params) => db.command(sql, params),
      close: async () => undefined,
      insertJsonEachRow: async (table, body, opts) => {
        if (table === 'test_results') seenAtInsert.push(onDisk(join(dir, 'journal')));
        return db.insertJsonEachRow(table, body, opts);
      },
    };
    const queue = new IngestQueue(new BatchWriter(spy, new BatchJournal(join(dir, 'journal'))), { batchMaxRows: 2, batchMaxAgeMs: 1, minFlushIntervalMs: 0, maxQueuedRows: 100 });
    const run = (runId: string) =>
      buildRunRows({
        tenantId: 't1', retentionDays: 30, runId, contentHash: runId, meta: { project: 'p' },
        report: { format: 'json', cases: [{ suite: 's', name: 'c', status: 'passed', durationMs: 1 }] }, now: new Date('2026-11-01T00:00:00Z'),
      });
    await Promise.all(['r1', 'r2', 'r3'].map((id) => queue.submit(run(id))));
    assert.equal(seenAtInsert.length, 3, 'one run per batch');
    seenAtInsert.forEach((keys, i) => assert.ok(keys.some(([, r]) => r === `r${i + 1}`), `r${i + 1} journaled before its insert`));
  } finally {
    await db.close();
  }
});
