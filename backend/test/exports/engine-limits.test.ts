/**
 * Engine limits on the export write (exports/engine-settings.ts): the
 * settings the write carries, and a cap the query cannot fit in failing the
 * job with EXPORT_MEMORY_LIMIT (a real chDB query over the cap). Every other
 * export test runs under the default limits (2 threads, 64 MB spill,
 * 16384-row blocks, Parquet row groups of 128Ki rows). Spilling is observed
 * as files the engine creates in its tmp directory (inotify, no sampling).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { engineSettings, limitsFromConfig } from '../../src/exports/engine-settings.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Fixture } from '../queries/fixture.ts';
import { bearer, countByTest, createExport, finished, startExportFixture } from './helpers.ts';

let f: Fixture;
before(async () => {
  f = await startExportFixture({ SEMANTEST_EXPORT_ENGINE_MAX_MEMORY_MB: '1', SEMANTEST_EXPORT_ENGINE_SPILL_MB: '1' });
});
after(() => f.t.close());

const PARQUET = 'output_format_parquet_row_group_size = 131072, output_format_parquet_row_group_size_bytes = 33554432';

test('the write carries threads, spill thresholds, block size, Parquet row groups and the cap; 0 leaves a setting to the engine', () => {
  assert.equal(
    engineSettings(limitsFromConfig({ engineMaxThreads: 2, engineSpillMb: 64, engineMaxMemoryMb: 0, engineBlockRows: 16384 })),
    'max_threads = 2, max_bytes_before_external_group_by = 67108864, max_bytes_before_external_sort = 67108864, ' +
      `max_block_size = 16384, ${PARQUET}, max_bytes_ratio_before_external_sort = 0, max_bytes_ratio_before_external_group_by = 0`
  );
  assert.equal(engineSettings(limitsFromConfig({ engineMaxThreads: 0, engineSpillMb: 0, engineMaxMemoryMb: 0, engineBlockRows: 0 })), PARQUET);
  assert.throws(() => engineSettings({ maxThreads: 1.5, externalGroupByBytes: 0, externalSortBytes: 0, maxMemoryBytes: 0 }));
  assert.throws(() => engineSettings({ maxThreads: 1, externalGroupByBytes: 0, externalSortBytes: 0, maxMemoryBytes: 0, blockRows: -1 }));
});

test('a server runs with 2 threads, 64 MB spill and 16384-row blocks unless configured otherwise', () => {
  const c = loadConfig({ DATA_DIR: '/nonexistent' }).exports;
  assert.deepEqual([c.engineMaxThreads, c.engineSpillMb, c.engineBlockRows, c.engineMaxMemoryMb], [2, 64, 16384, 0]);
  assert.equal(loadConfig({ DATA_DIR: '/x', SEMANTEST_EXPORT_ENGINE_BLOCK_ROWS: '8192' }).exports.engineBlockRows, 8192);
  assert.equal(c.streamThroughPipe, false, 'the temp file is the default');
  assert.equal(loadConfig({ DATA_DIR: '/x', SEMANTEST_EXPORT_PIPE: 'true' }).exports.streamThroughPipe, true);
});

test('every export setting is accepted by chDB, for each format the engine writes', async () => {
  const settings = engineSettings(limitsFromConfig({ engineMaxThreads: 2, engineSpillMb: 64, engineMaxMemoryMb: 512, engineBlockRows: 16384 }));
  const dir = join(resolve(f.t.services.config.dataDir), 'settings-check');
  mkdirSync(dir, { recursive: true });
  for (const format of ['CSVWithNames', 'Parquet', 'JSONEachRow', 'Avro']) {
    const path = join(dir, `out.${format}`);
    await f.t.services.analytics.command(
      `INSERT INTO FUNCTION file({p:String}, '${format}') SELECT number AS n, toString(number) AS s FROM numbers(300000) ORDER BY n DESC SETTINGS engine_file_truncate_on_insert = 1, ${settings}`,
      { p: path }
    );
    const [r] = await f.t.services.analytics.query<{ c: string }>(`SELECT count() AS c FROM file({p:String}, '${format}')`, { p: path });
    assert.equal(Number(r?.c), 300000, format);
  }
  // 300,000 rows in row groups of 131,072: three groups, read back from the file's own metadata.
  const [groups] = await f.t.services.analytics.query<{ g: string }>(
    `SELECT length(row_groups) AS g FROM file({p:String}, 'ParquetMetadata')`,
    { p: join(dir, 'out.Parquet') }
  );
  assert.equal(Number(groups?.g), 3);
  rmSync(dir, { recursive: true, force: true });
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
