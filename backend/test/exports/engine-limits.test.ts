/**
 * Engine limits on the export write (exports/engine-settings.ts): the
 * settings the write carries, and a cap the query cannot fit in failing the
 * job with EXPORT_MEMORY_LIMIT (a real chDB query over the cap). Every other
 * export test runs under the default limits (2 threads, 128 MB spill).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { engineSettings, limitsFromConfig } from '../../src/exports/engine-settings.ts';
import type { Fixture } from '../queries/fixture.ts';
import { bearer, countByTest, createExport, finished, startExportFixture } from './helpers.ts';

let f: Fixture;
before(async () => {
  f = await startExportFixture({ SEMANTEST_EXPORT_ENGINE_MAX_MEMORY_MB: '1', SEMANTEST_EXPORT_ENGINE_SPILL_MB: '1' });
});
after(() => f.t.close());

test('the write carries threads, spill thresholds and the cap; 0 leaves a setting to the engine', () => {
  assert.equal(
    engineSettings(limitsFromConfig({ engineMaxThreads: 2, engineSpillMb: 128, engineMaxMemoryMb: 0 })),
    'max_threads = 2, max_bytes_before_external_group_by = 134217728, max_bytes_before_external_sort = 134217728, ' +
      'max_bytes_ratio_before_external_sort = 0, max_bytes_ratio_before_external_group_by = 0'
  );
  assert.equal(engineSettings(limitsFromConfig({ engineMaxThreads: 0, engineSpillMb: 0, engineMaxMemoryMb: 0 })), '');
  assert.throws(() => engineSettings({ maxThreads: 1.5, externalGroupByBytes: 0, externalSortBytes: 0, maxMemoryBytes: 0 }));
});

test('an export over the engine memory cap fails with EXPORT_MEMORY_LIMIT, not an internal error', async () => {
  const h = bearer(f.acme.keys.admin);
  assert.equal(f.t.services.config.exports.engineMaxMemoryMb, 1);
  // 200,000 distinct keys cannot be grouped in 1 MB.
  await f.t.services.analytics.command(
    `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'mem', 'mem', 's', toString(number), concat('t', toString(number)), 'passed', 1, 1, 1, now64(3), 365 FROM numbers(200000)`,
    { t: f.acme.id }
  );
  const q = countByTest({ filters: [{ field: 'project', op: '=', value: 'mem' }] });
  const job = await finished(f.t, h, (await createExport(f.t, h, { query: q, format: 'parquet' })).json().id);
  assert.equal(job.status, 'failed');
  assert.match(job.error ?? '', /^EXPORT_MEMORY_LIMIT: The export needed more than 1 MB of engine memory/);
});

/** The files the engine creates in its temporary directory while `sql` runs (inotify: no sampling). */
async function spillFiles(sql: string): Promise<string[]> {
  const created: string[] = [];
  const w = watch(join(resolve(f.t.services.config.dataDir), 'clickhouse', 'tmp'), (ev, name) => {
    if (ev === 'rename' && name) created.push(name);
  });
  try {
    await f.t.services.analytics.command(sql);
    await new Promise((r) => setTimeout(r, 50)); // let the last inotify events arrive
  } finally {
    w.close();
  }
  return created;
}

test('a sort past the spill threshold spills to disk: the settings are valid on chDB and take effect', async () => {
  // ~1M rows with a string column: far more than 4 MB to sort in memory.
  const sort = (settings: string) =>
    `SELECT toString(number) AS s, cityHash64(number) AS h FROM numbers(1000000) ORDER BY h SETTINGS ${settings}`;
  const limits = limitsFromConfig({ engineMaxThreads: 1, engineSpillMb: 4, engineMaxMemoryMb: 0 });
  assert.ok((await spillFiles(sort(engineSettings(limits)))).length > 0, 'the export sort wrote no temporary file');
  // Why the ratio is part of the settings: the byte threshold alone does not spill this sort.
  assert.deepEqual(await spillFiles(sort('max_threads = 1, max_bytes_before_external_sort = 4194304')), []);
});

test('an aggregation past the spill threshold spills to disk', async () => {
  const limits = limitsFromConfig({ engineMaxThreads: 2, engineSpillMb: 4, engineMaxMemoryMb: 0 });
  const files = await spillFiles(
    `SELECT toString(number) AS k, count() AS c FROM numbers(1000000) GROUP BY k SETTINGS ${engineSettings(limits)}`
  );
  assert.ok(files.length > 0, 'the export aggregation wrote no temporary file');
});
