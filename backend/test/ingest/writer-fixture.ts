/**
 * Shared by the writer tests: a scratch chDB store with the analytics schema,
 * small runs to write, and a row count per run.
 */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';
import { migrateAnalytics } from '../../src/storage/analytics/migrate.ts';
import { buildRunRows, type RunRows } from '../../src/ingest/rows.ts';

/** Registers before/after hooks; the store is usable inside tests. */
export function scratchStore(prefix: string) {
  const store = { dir: '', db: undefined as unknown as ChdbDriver };
  before(async () => {
    store.dir = mkdtempSync(join(tmpdir(), prefix));
    store.db = new ChdbDriver(join(store.dir, 'ch'));
    await migrateAnalytics(store.db);
  });
  after(async () => {
    await store.db.close();
    rmSync(store.dir, { recursive: true, force: true });
  });
  const count = async (table: string, runId: string) =>
    Number((await store.db.query<{ c: string }>(`SELECT count() AS c FROM ${table} WHERE run_id = {r:String}`, { r: runId }))[0]!.c);
  return { store, count };
}

/** One run of `n` passing results (tenant t1, project p). */
export function rows(runId: string, n = 3): RunRows {
  return buildRunRows({
    tenantId: 't1', retentionDays: 30, runId, contentHash: `hash-${runId}`, meta: { project: 'p' },
    report: { format: 'json', cases: Array.from({ length: n }, (_, i) => ({ suite: 's', name: `c${i}`, status: 'passed' as const, durationMs: 1 })) },
    now: new Date('2026-11-01T00:00:00Z'),
  });
}
