/**
 * run_diff as the other read paths see it: the catalog (GET /api/v1/catalog,
 * what the datasource's query builder reads), validation errors through
 * POST /api/v1/query, and a report — "newly broken since last week": a report
 * definition querying run_diff with change = new_failure validates through the
 * reports API and renders the API's new failures (buildDocument + JSON render,
 * the scheduler's own path); and an export job of a run_diff query.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { parseDefinition } from '../../src/reports/definitions/validate.ts';
import { buildDocument } from '../../src/reports/scheduler/build-document.ts';
import { reportContext } from '../../src/reports/scheduler/report-context.ts';
import { renderReport } from '../../src/reports/render/index.ts';
import type { RunDiff } from '../../src/intelligence/diff/diff.ts';
import { DAY, seedRows, toNdjson } from './run-diff-history.ts';

let t: TestApp;
let tenant = { id: '', slug: 'rd-report' };
let keys: Record<'ingest' | 'query' | 'admin' | 'grafana', string>;
// the history's second week ends now, as a report's "last 7d" does
const NOW = Date.now();
const D0 = NOW - 14 * DAY;

before(async () => {
  t = await startTestApp({}, { SEMANTEST_MIRROR_EVERY_SECONDS: '0', SEMANTEST_EVALUATE_EVERY_MINUTES: '0' });
  const a = await t.tenant(tenant.slug, 51);
  tenant = { ...tenant, id: a.id };
  keys = a.keys;
  const other = await t.tenant('rd-other', 52);
  await t.services.analytics.insertJsonEachRow('test_results', toNdjson([...seedRows(a.id, 'tenant-a', 7, D0), ...seedRows(other.id, 'tenant-b', 8, D0)]));
});
after(() => t.close());

test('catalog: run_diff is listed with its dimensions, metrics, shapes and compare parameter, queryable by viewers like the other intelligence datasets', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: bearer(keys.query) });
  assert.equal(res.statusCode, 200, res.body);
  const datasets = (res.json() as { datasets: { id: string; minRole: string; queryable: boolean; shapes?: string[]; compare?: string; dimensions: { id: string }[]; metrics: { fn: string; fields?: string[] }[] }[] }).datasets;
  const ds = datasets.find((d) => d.id === 'run_diff');
  assert.ok(ds);
  assert.deepEqual(ds.dimensions.map((d) => d.id), ['project', 'suite', 'test', 'file', 'owner', 'branch', 'change']);
  const metrics = ds.metrics.map((m) => (m.fields ? `${m.fn}:${m.fields.join(',')}` : m.fn));
  for (const m of ['count', 'distinct_tests', 'p50:before_ms', 'p50:after_ms', 'avg:change_pct', 'max:change_pct']) assert.ok(metrics.includes(m), m);
  assert.deepEqual(ds.shapes, ['table', 'single']);
  assert.match(ds.compare ?? '', /run.*commit.*from, to/);
  const states = datasets.find((d) => d.id === 'test_states')!;
  assert.deepEqual([ds.minRole, ds.queryable], [states.minRole, states.queryable]);
  assert.deepEqual([ds.minRole, ds.queryable], ['Viewer', true]);
});

test('validation: shapes, the compare parameter and unresolvable sides are refused with readable issues', async () => {
  const ask = async (query: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/query', headers: bearer(keys.query), payload: { queries: [{ refId: 'A', version: 1, metrics: [{ fn: 'count' }], ...query }] } });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { results: { A: { status: number; error?: { code: string; issues?: { path: string }[] } } } }).results.A;
  };
  const range = { from: D0, to: NOW };
  const cases: [Record<string, unknown>, string][] = [
    [{ dataset: 'run_diff', shape: 'timeseries_long', intervalMs: 3_600_000, timeRange: range }, '/shape'],
    [{ dataset: 'results', shape: 'table', compare: { before: { run: 'x' } } }, '/compare'],
    [{ dataset: 'run_diff', shape: 'table' }, '/timeRange'],
    [{ dataset: 'run_diff', shape: 'table', compare: { after: { run: 'x' } } }, '/compare/before'],
    [{ dataset: 'run_diff', shape: 'table', timeRange: range, compare: { before: { run: 'x', branch: 'main' } } }, '/compare/before'],
    [{ dataset: 'run_diff', shape: 'table', timeRange: range, compare: { before: { from: D0 } } }, '/compare/before'],
    [{ dataset: 'run_diff', shape: 'table', timeRange: range, compare: { after: { period: 'same' } } }, '/compare/after/period'],
  ];
  for (const [query, path] of cases) {
    const r = await ask(query);
    assert.equal(r.status, 400, JSON.stringify(query));
    assert.equal(r.error?.code, 'QUERY_INVALID');
    assert.ok(r.error?.issues?.some((i) => i.path === path), `${JSON.stringify(query)} → ${JSON.stringify(r.error?.issues)}`);
  }
  assert.equal((await ask({ dataset: 'run_diff', shape: 'single', timeRange: range })).status, 200);
});

test('report "newly broken since last week": run_diff with change = new_failure validates and renders the new failures', async () => {
  const body = {
    name: 'Newly broken since last week',
    queries: [{
      title: 'New failures', visualization: 'table',
      query: { version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'test', 'owner'], filters: [{ field: 'change', op: '=', value: 'new_failure' }], orderBy: [{ by: 'test', dir: 'asc' }], shape: 'table' },
    }],
    timeRange: { last: '7d', timezone: 'UTC' }, formats: ['json'], channels: [{ kind: 'stored' }], condition: { kind: 'non_empty' },
  };
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bearer(keys.admin), payload: body });
  assert.equal(created.statusCode, 201, created.body);

  const def = parseDefinition(body, { kind: 'service' });
  const security = await t.services.security.load(await t.services.tenants.getById(tenant.id));
  const ctx = reportContext(tenant.id, def.runAs, security, new Date(NOW));
  const { doc, rowCounts } = await buildDocument(def, { slug: tenant.slug, name: tenant.slug }, ctx, t.services.queries);
  const want: string[] = [];
  for (const project of ['web', 'api']) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/diff', headers: bearer(keys.query), payload: { project, before: { from: NOW - 14 * DAY, to: NOW - 7 * DAY }, after: { from: NOW - 7 * DAY, to: NOW } } });
    want.push(...(res.json() as RunDiff).newFailures.map((f) => f.name ?? ''));
  }
  assert.ok(want.length > 0);
  const section = doc.sections[0]!;
  assert.deepEqual(section.columns.map((c) => c.name), ['project', 'test', 'owner', 'count']);
  assert.ok(Array.isArray(section.rows), 'buildDocument materializes its rows');
  assert.deepEqual((section.rows as unknown[][]).map((r) => String(r[1])).sort(), want.sort());
  assert.equal(rowCounts[0], want.length);

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const rendered = await renderReport(doc, 'json', out);
  assert.equal(rendered.rows, want.length);
  const text = Buffer.concat(chunks).toString('utf8');
  for (const name of want) assert.ok(text.includes(name), `${name} in the rendered report`);
  assert.ok(!text.includes('tenant-b'), 'no other tenant');
});

test('export: a run_diff query exports the same new failures as CSV', async () => {
  const headers = bearer(keys.admin);
  const query = { version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'test'], filters: [{ field: 'change', op: '=', value: 'new_failure' }], timeRange: { from: NOW - 7 * DAY, to: NOW }, shape: 'table' };
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/exports', headers, payload: { query, format: 'csv' } });
  assert.ok(created.statusCode < 300, created.body);
  const id = (created.json() as { id: string }).id;
  await t.services.exports.idle();
  const job = (await t.app.inject({ method: 'GET', url: `/api/v1/exports/${id}`, headers })).json() as { status: string; rowsWritten: number; error: string | null };
  assert.equal(job.status, 'succeeded', JSON.stringify(job));
  const link = (await t.app.inject({ method: 'GET', url: `/api/v1/exports/${id}/download-url`, headers })).json() as { url: string };
  const csv = (await t.app.inject({ method: 'GET', url: new URL(link.url).pathname })).body;
  const diff = await t.app.inject({ method: 'POST', url: '/api/v1/diff', headers: bearer(keys.query), payload: { project: 'web', before: { from: NOW - 14 * DAY, to: NOW - 7 * DAY }, after: { from: NOW - 7 * DAY, to: NOW } } });
  const web = (diff.json() as RunDiff).newFailures.map((f) => f.name ?? '');
  assert.ok(web.length > 0);
  for (const name of web) assert.ok(csv.includes(name), `${name} in the export`);
  assert.ok(!csv.includes('tenant-b'));
});
