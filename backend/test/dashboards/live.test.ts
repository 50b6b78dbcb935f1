/**
 * Against a live backend with demo history (the same synthetic CI the demo tenant gets): every
 * template variable resolves through GET /api/v1/values/<dimension> — the endpoint the
 * datasource's variable support calls — to a non-empty list, and every panel target, with the
 * variables set to "All", runs through POST /api/v1/query (or /api/v1/annotations) without error,
 * as the Go backend sends it: the tenant's grafana key plus forwarded org/user/role headers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDashboards, interpolateTarget, toBackendQuery, type ModelTarget } from '@semantest/dashboards';
import { backfillHistory } from '../../src/demo/synthetic-traffic.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { targetsOf, variablesOf } from './targets.ts';

const ORG = 31;
const dashboards = buildDashboards();
let t: TestApp;
let headers: Record<string, string>;
let timing: { from: number; to: number; intervalMs: number };
const values: Record<string, string[]> = {};

before(async () => {
  t = await startTestApp();
  const { keys } = await t.tenant('dash', ORG);
  headers = { authorization: `Bearer ${keys.grafana}`, 'x-grafana-org-id': String(ORG), 'x-grafana-user': 'ada', 'x-grafana-role': 'Admin' };
  // Two weeks: the regression check compares the last week with the week before.
  await backfillHistory(t.services, await t.services.tenants.getBySlug('dash'), { days: 14, runsPerDay: 6 });
  // One refused query (a Viewer asking for the Admin-only audit log) for the platform dashboard's
  // "Refused and failed access" panel to show.
  const viewer = { ...headers, 'x-grafana-user': 'vera', 'x-grafana-role': 'Viewer' };
  const refused = await t.app.inject({ method: 'POST', url: '/api/v1/query', headers: viewer, payload: { queries: [{ refId: 'A', version: 1, dataset: 'audit', metrics: [{ fn: 'count' }], shape: 'single' }] } });
  assert.equal(refused.statusCode, 200);
  // Test intelligence as an operator would drive it: a monitor per project, a quarantine, one
  // evaluation (test states; regression checks of last week against the week before).
  const now = Date.now();
  for (const project of ['web', 'api', 'mobile']) {
    const m = await t.app.inject({ method: 'POST', url: '/api/v1/monitors', headers, payload: { project, name: `${project} monitor` } });
    assert.equal(m.statusCode, 201, m.body);
  }
  const pick = await t.app.inject({ method: 'POST', url: '/api/v1/query', headers, payload: { queries: [{ refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'failure_count' }], groupBy: ['project', 'test'], orderBy: [{ by: 'failure_count', dir: 'desc' }], shape: 'table', limit: 1 }] } });
  const [project, name] = ((pick.json() as { results: { A: { frames: Array<{ data: { values: string[][] } }> } } }).results.A.frames[0]!.data.values).map((col) => col[0]!);
  const q = await t.app.inject({ method: 'POST', url: '/api/v1/quarantine', headers, payload: { project, name, reason: 'dashboards test' } });
  assert.ok(q.statusCode < 300, q.body);
  const ev = await t.app.inject({ method: 'POST', url: '/api/v1/monitors/evaluate', headers, payload: {} });
  assert.equal(ev.statusCode, 200, ev.body);
  // One self-monitoring sample (backend/src/platform) for the platform dashboard's latency, queue and storage panels.
  await t.services.platform.tick({ storage: true });
  timing = { from: now - 15 * 86_400_000, to: now + 60_000, intervalMs: 3_600_000 };
});
after(() => t?.close());

async function post(url: string, body: unknown) {
  const res = await t.app.inject({ method: 'POST', url, headers, payload: body as object });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

test('every template variable resolves to values through the datasource endpoint', async () => {
  for (const d of dashboards) {
    for (const v of variablesOf(d)) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/values/${encodeURIComponent(v.query.dimension)}?limit=${v.query.limit}`, headers });
      assert.equal(res.statusCode, 200, `${d.uid} $${v.name}: ${res.body}`);
      const got = (res.json() as { values: string[] }).values.filter((x) => x !== '');
      assert.ok(got.length > 0, `${d.uid} $${v.name} has no values`);
      values[v.name] = got;
    }
  }
  assert.deepEqual(values.project?.sort(), ['api', 'mobile', 'web']);
});

test('every panel query runs against the demo data with the variables on "All"', async () => {
  assert.ok(Object.keys(values).length === 4, 'variables resolved first');
  const empty: string[] = [];
  let fieldOptions = 0;
  for (const { dashboard, panel, target, json } of targetsOf(dashboards)) {
    const where = `${dashboard}/${panel}`;
    if (target.queryType === 'stream') continue;
    const resolved = interpolateTarget(target, values);
    if (resolved.queryType === 'annotations') {
      const res = await post('/api/v1/annotations', { kind: resolved.annotationKind, range: { from: timing.from, to: timing.to }, filters: resolved.filters });
      assert.equal(res.status, 200, `${where}: ${JSON.stringify(res.body)}`);
      continue;
    }
    const res = await post('/api/v1/query', toBackendQuery(resolved as ModelTarget, timing));
    assert.equal(res.status, 200, `${where}: ${JSON.stringify(res.body)}`);
    const result = (res.body.results as Record<string, { error?: unknown; frames?: Array<{ schema: { fields: Array<{ name: string }> }; data: { values: unknown[][] } }> }>)[target.refId];
    assert.ok(result && !result.error, `${where}: ${JSON.stringify(result?.error)}`);
    // Custom panels pick their columns by name: the names must be in the frame the backend returns.
    const names = new Set(result.frames?.[0]?.schema.fields.map((f) => f.name));
    for (const [k, v] of Object.entries(json?.options ?? {})) {
      if (k.endsWith('Field') && typeof v === 'string' && v !== '') { assert.ok(names.has(v), `${where}: ${k}=${v} not in ${[...names].join(',')}`); fieldOptions++; }
    }
    const rows = result.frames?.[0]?.data.values[0]?.length ?? 0;
    if (rows === 0) empty.push(where);
  }
  assert.ok(fieldOptions >= 10);
  // The demo runs no scheduled reports, so the scheduler panel is the only one allowed to be empty.
  assert.deepEqual(empty, ['semantest-platform/Scheduler runs']);
});
