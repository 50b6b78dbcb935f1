import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASETS, migrateQuery, parseQuery, validateQuery, isValidTimeZone, QUERY_MODEL_VERSION } from '@semantest/query-model';

test('validateQuery returns readable, pathed errors', () => {
  const r = validateQuery({ version: 1, dataset: 'results', metrics: [{ fn: 'p95' }, { fn: 'avg', field: 'value' }], groupBy: ['nope'], filters: [{ field: 'project', op: 'in', value: 'x' }], shape: 'timeseries_long', timezone: 'Mars/Base' });
  assert.equal(r.ok, false);
  const text = r.ok ? '' : r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
  for (const want of ['/metrics/0/field: p95 needs a field', '/metrics/1: metric avg_value is not available', '/groupBy/0: unknown field "nope"', '/filters/0/value: in needs a list', '/timezone: unknown IANA time zone', '/intervalMs: timeseries_long needs intervalMs']) {
    assert.ok(text.includes(want), `missing "${want}" in\n${text}`);
  }
});

test('migrateQuery lifts v0 to the current version and refuses unknown versions', () => {
  const v1 = parseQuery({ dataset: 'results', metric: 'p95', field: 'duration_ms', dimensions: ['suite'], interval: '1h', from: 0, to: 10, format: 'table', filters: [{ key: 'project', operator: '=', value: 'web' }] });
  assert.equal(v1.version, QUERY_MODEL_VERSION);
  assert.deepEqual(v1.metrics, [{ fn: 'p95', field: 'duration_ms' }]);
  assert.equal(v1.intervalMs, 3_600_000);
  assert.equal(v1.shape, 'table');
  assert.throws(() => migrateQuery({ version: 99 }), { code: 'QUERY_UNSUPPORTED_VERSION' });
  assert.throws(() => migrateQuery('SELECT 1'), { code: 'QUERY_INVALID' });
});

test('catalog lists every dataset with metrics and dimensions; audit is admin-only', () => {
  assert.deepEqual(DATASETS.map((d) => d.id), ['results', 'runs', 'perf', 'errors', 'audit', 'test_states', 'failure_clusters', 'regressions', 'run_diff', 'platform']);
  for (const d of DATASETS) assert.ok(d.metrics.length > 0 && d.dimensions.length > 0 && d.metrics.every((m) => m.unit));
  assert.equal(DATASETS.find((d) => d.id === 'audit')?.minRole, 'Admin');
});

test('time zones: IANA names and UTC only', () => {
  assert.ok(isValidTimeZone('UTC') && isValidTimeZone('Europe/Paris') && isValidTimeZone('Asia/Kolkata'));
  assert.ok(!isValidTimeZone("UTC'") && !isValidTimeZone('Mars/Base'));
});

test('fromGrafanaQuery drops the DataQuery envelope and fills timing from the request', async () => {
  const { fromGrafanaQuery } = await import('@semantest/query-model');
  const q = parseQuery(fromGrafanaQuery(
    { refId: 'A', datasource: { uid: 'x' }, hide: false, key: 'k', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'timeseries_wide' },
    { from: 0, to: 3_600_000, intervalMs: 59_999.6, timezone: 'browser' },
  ));
  assert.deepEqual({ refId: q.refId, timeRange: q.timeRange, intervalMs: q.intervalMs, timezone: q.timezone }, { refId: 'A', timeRange: { from: 0, to: 3_600_000 }, intervalMs: 60_000, timezone: undefined });
});

test('ordering by time is only for time series', () => {
  const base = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], orderBy: [{ by: 'time', dir: 'asc' }] };
  assert.equal(validateQuery({ ...base, shape: 'table' }).ok, false);
  assert.equal(validateQuery({ ...base, shape: 'timeseries_long', intervalMs: 60000 }).ok, true);
});
