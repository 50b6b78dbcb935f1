import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, query, countBy, bearer, grafanaUser, RANGE, type Fixture } from './fixture.ts';
import { dataFrameFromJSON } from './grafana-frames.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

const valuesOf = (frame: unknown, name: string) => {
  const df = dataFrameFromJSON(frame as never);
  const field = df.fields.find((x) => x.name === name || x.config.displayNameFromDS === name);
  assert.ok(field, `field ${name} in ${df.fields.map((x) => x.name).join(',')}`);
  return Array.from(field.values as unknown[]);
};

test('a table query answers Grafana frames readable by @grafana/data', async () => {
  const r = await query(f.t, bearer(f.acme.keys.query), { queries: [countBy('project')], range: RANGE });
  assert.equal(r.statusCode, 200);
  const a = r.json().results.A;
  assert.equal(a.status, 200);
  assert.equal(a.sql, undefined, 'query keys never see SQL');
  const df = dataFrameFromJSON(a.frames[0]);
  assert.equal(df.refId, 'A');
  const projects = valuesOf(a.frames[0], 'project');
  assert.deepEqual([...projects].sort(), ['api', 'web']);
  const counts = valuesOf(a.frames[0], df.fields[1]!.name).map(Number);
  assert.equal(counts.reduce((x, y) => x + y, 0), 7);
});

test('time series, single value and Grafana envelopes in one request', async () => {
  const r = await query(f.t, bearer(f.acme.keys.query), {
    range: RANGE, intervalMs: 86_400_000,
    queries: [
      { refId: 'TS', datasource: { type: 'semantest-datasource', uid: 'x' }, hide: false, maxDataPoints: 500, intervalMs: 86_400_000, version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }], shape: 'timeseries_long' },
      { refId: 'S', version: 1, dataset: 'runs', metrics: [{ fn: 'count' }], shape: 'single' },
      { refId: 'W', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['environment'], shape: 'timeseries_wide' },
    ],
  });
  assert.equal(r.statusCode, 200);
  const { TS, S, W } = r.json().results;
  assert.equal(TS.status, 200, JSON.stringify(TS.error));
  const times = valuesOf(TS.frames[0], 'time').map(Number);
  assert.deepEqual(times, [Date.parse('2026-11-20T00:00:00Z'), Date.parse('2026-11-21T00:00:00Z')]);
  assert.equal(S.status, 200);
  const single = dataFrameFromJSON(S.frames[0]);
  assert.equal(Number(single.fields[0]!.values[0]), 3);
  assert.equal(W.status, 200, JSON.stringify(W.error));
  assert.ok(dataFrameFromJSON(W.frames[0]).fields.length >= 3, 'wide: time + one field per environment');
});

test('one bad query is a per-query error; the others still answer; never a 500', async () => {
  const r = await query(f.t, bearer(f.acme.keys.query), {
    range: RANGE,
    queries: [
      countBy('project'),
      { refId: 'B', version: 1, dataset: 'results', metrics: [{ fn: 'nope' }], shape: 'table' },
      { refId: 'C', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['project; DROP TABLE x'], shape: 'table' },
      { refId: 'D', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], filters: [{ field: 'test', op: 'regex', value: '(' }], shape: 'table' },
      { refId: 'E', version: 1, dataset: 'audit', metrics: [{ fn: 'count' }], shape: 'table' },
      { refId: 'F', version: 99 },
    ],
  });
  assert.equal(r.statusCode, 200);
  const res = r.json().results;
  assert.equal(res.A.status, 200);
  assert.equal(res.B.error.code, 'QUERY_INVALID');
  assert.equal(res.C.error.code, 'QUERY_INVALID');
  assert.ok(res.D.status === 400 && ['QUERY_EXECUTION_FAILED', 'QUERY_INVALID'].includes(res.D.error.code), JSON.stringify(res.D));
  assert.equal(res.E.error.code, 'QUERY_FORBIDDEN_DATASET');
  assert.equal(res.E.status, 403);
  assert.ok(res.F.status >= 400 && res.F.status < 500, JSON.stringify(res.F));
  for (const k of ['B', 'C', 'D', 'E', 'F']) assert.deepEqual(res[k].frames, []);
});

test('compiled SQL only for admins: admin keys and Grafana Admins, not Viewers', async () => {
  const body = { queries: [countBy('project')], range: RANGE };
  const admin = (await query(f.t, bearer(f.acme.keys.admin), body)).json().results.A;
  assert.match(admin.sql, /FROM `test_results/);
  assert.doesNotMatch(admin.sql, /'/, 'values are bound, never printed');
  const gAdmin = (await query(f.t, grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin'), body)).json().results.A;
  assert.ok(typeof gAdmin.sql === 'string');
  const viewer = (await query(f.t, grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer'), body)).json().results.A;
  assert.equal(viewer.status, 200);
  assert.equal(viewer.sql, undefined);
});

test('alert queries get numeric_multi frames when requested', async () => {
  const r = await query(f.t, { ...bearer(f.acme.keys.grafana), 'x-grafana-org-id': '2', 'x-semantest-principal': 'service' }, {
    range: RANGE, format: 'numeric_multi', queries: [{ refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'failure_count' }], groupBy: ['project'], shape: 'table' }],
  });
  const a = r.json().results.A;
  assert.equal(a.status, 200, JSON.stringify(a.error));
  assert.equal(a.frames.length, 2, 'one frame per label set');
  for (const fr of a.frames) {
    const df = dataFrameFromJSON(fr);
    assert.ok(df.fields.every((x) => x.type === 'number'));
  }
});

test('catalog lists datasets, metrics, dimensions and units', async () => {
  const r = await f.t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: bearer(f.acme.keys.query) });
  assert.equal(r.statusCode, 200);
  const ds = r.json().datasets as { id: string; metrics: { unit: string }[]; dimensions: unknown[]; queryable: boolean }[];
  assert.deepEqual(ds.map((d) => d.id).sort(), ['audit', 'errors', 'failure_clusters', 'perf', 'platform', 'regressions', 'results', 'run_diff', 'runs', 'test_states']);
  assert.ok(ds.find((d) => d.id === 'results')!.metrics.every((m) => typeof m.unit === 'string'));
  assert.equal(ds.find((d) => d.id === 'audit')!.queryable, false);
});

test('values: searchable, limited, tenant-scoped', async () => {
  const get = (url: string, key = f.acme.keys.query) => f.t.app.inject({ method: 'GET', url, headers: bearer(key) });
  assert.deepEqual((await get('/api/v1/values/project')).json().values, ['api', 'web']);
  assert.deepEqual((await get('/api/v1/values/project?q=we')).json().values, ['web']);
  assert.equal((await get('/api/v1/values/test?limit=1')).json().values.length, 1);
  assert.deepEqual((await get('/api/v1/values/project', f.globex.keys.query)).json().values, ['gx']);
  const bad = await get('/api/v1/values/nope');
  assert.equal(bad.statusCode, 400);
  assert.ok(['QUERY_UNKNOWN_FIELD', 'QUERY_INVALID'].includes(bad.json().code));
});

test('annotations: failed runs and new failures', async () => {
  const post = (payload: Record<string, unknown>, key = f.acme.keys.query) => f.t.app.inject({ method: 'POST', url: '/api/v1/annotations', headers: bearer(key), payload });
  const failed = await post({ kind: 'failed_runs', range: RANGE });
  assert.equal(failed.statusCode, 200, failed.body);
  const ann = failed.json().annotations as { time: number; title: string; tags: string[] }[];
  assert.equal(ann.length, 3);
  assert.equal(ann[0]!.time, Date.parse('2026-11-20T10:00:00Z'));
  assert.ok(ann[0]!.tags.includes('web'));
  const onMain = await post({ kind: 'failed_runs', range: RANGE, filters: [{ field: 'branch', op: '=', value: 'main' }] });
  assert.equal(onMain.json().annotations.length, 2);
  const fresh = await post({ kind: 'new_failures', range: RANGE });
  assert.equal(fresh.statusCode, 200, fresh.body);
  assert.ok(fresh.json().annotations.length >= 2);
  const other = await post({ kind: 'failed_runs', range: RANGE }, f.globex.keys.query);
  assert.deepEqual(other.json().annotations.map((a: { tags: string[] }) => a.tags[0]), ['gx']);
});
