/**
 * Engine limits on the export write (exports/engine-settings.ts): the
 * settings the write carries, and a cap the query cannot fit in failing the
 * job with EXPORT_MEMORY_LIMIT (a real chDB query over the cap). Every other
 * export test runs under the default limits (2 threads, 128 MB spill).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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
    'max_threads = 2, max_bytes_before_external_group_by = 134217728, max_bytes_before_external_sort = 134217728'
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
