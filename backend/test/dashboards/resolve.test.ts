/**
 * interpolateTarget / toBackendQuery stand in for the datasource (applyTemplateVariables) and its
 * Go backend (grafanaOnlyKeys) in the live tests, so they must do what those do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateTarget, toBackendQuery, type ModelTarget, type StreamTarget } from '@semantest/dashboards';

const ds = { type: 'semantest-analytics-datasource', uid: 'semantest' };
const target: ModelTarget = {
  refId: 'A', datasource: ds, queryType: 'model', version: 1, dataset: 'results', metrics: [{ fn: 'count' }],
  filters: [
    { field: 'project', op: 'in', value: ['$project'] },
    { field: 'branch', op: 'in', value: ['${branch}', 'release'] },
    { field: 'suite', op: '=', value: 'checkout' },
  ],
  shape: 'timeseries_wide', bucketIntervalMs: 60_000, legendFormat: '{{project}}',
};

test('whole-value variables in lists expand to the selected values; other uses are refused, not guessed', () => {
  const out = interpolateTarget(target, { project: ['web', 'api'], branch: ['main'] });
  assert.deepEqual(out.filters, [
    { field: 'project', op: 'in', value: ['web', 'api'] },
    { field: 'branch', op: 'in', value: ['main', 'release'] },
    { field: 'suite', op: '=', value: 'checkout' },
  ]);
  const scalar: ModelTarget = { ...target, filters: [{ field: 'suite', op: '=', value: '$suite' }] };
  assert.throws(() => interpolateTarget(scalar, { suite: ['x'] }), /unsupported variable use/);
  const text: ModelTarget = { ...target, filters: [{ field: 'suite', op: 'in', value: ['pre-$suite'] }] };
  assert.throws(() => interpolateTarget(text, { suite: ['x'] }), /unsupported variable use/);
  assert.deepEqual(target.filters[0], { field: 'project', op: 'in', value: ['$project'] }, 'input untouched');
  assert.throws(() => interpolateTarget(target, {}), /no values for variable \$project/);
  const stream: StreamTarget = { refId: 'S', datasource: ds, queryType: 'stream' };
  assert.equal(interpolateTarget(stream, {}), stream);
});

test('the backend body drops the plugin keys and turns bucketIntervalMs into the model interval', () => {
  const body = toBackendQuery(target, { from: 1, to: 2, intervalMs: 30_000 });
  assert.deepEqual(body.range, { from: 1, to: 2 });
  assert.equal(body.intervalMs, 30_000);
  const q = body.queries[0] as Record<string, unknown>;
  for (const k of ['datasource', 'queryType', 'legendFormat', 'bucketIntervalMs']) assert.equal(k in q, false, k);
  assert.equal(q.intervalMs, 60_000);
  assert.equal(q.refId, 'A');
  const { bucketIntervalMs: _drop, ...noBucket } = target;
  assert.equal('intervalMs' in (toBackendQuery(noBucket, { from: 1, to: 2, intervalMs: 30_000 }).queries[0] as object), false, 'panel interval comes top-level');
});
