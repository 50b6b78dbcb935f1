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
  await backfillHistory(t.services, await t.services.tenants.getBySlug('dash'), { days: 2, runsPerDay: 24 });
  // One refused query (a Viewer asking for the Admin-only audit log) for the platform dashboard's
  // "Refused and failed access" panel to show.
  const viewer = { ...headers, 'x-grafana-user': 'vera', 'x-grafana-role': 'Viewer' };
  const refused = await t.app.inject({ method: 'POST', url: '/api/v1/query', headers: viewer, payload: { queries: [{ refId: 'A', version: 1, dataset: 'audit', metrics: [{ fn: 'count' }], shape: 'single' }] } });
  assert.equal(refused.statusCode, 200);
  const now = Date.now();
  timing = { from: now - 3 * 86_400_000, to: now + 60_000, intervalMs: 3_600_000 };
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
  for (const { dashboard, panel, target } of targetsOf(dashboards)) {
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
    const result = (res.body.results as Record<string, { error?: unknown; frames?: Array<{ data: { values: unknown[][] } }> }>)[target.refId];
    assert.ok(result && !result.error, `${where}: ${JSON.stringify(result?.error)}`);
    const rows = result.frames?.[0]?.data.values[0]?.length ?? 0;
    if (rows === 0) empty.push(where);
  }
  // The demo runs no scheduled reports, so the scheduler panel is the only one allowed to be empty.
  assert.deepEqual(empty, ['semantest-platform/Scheduler runs']);
});
