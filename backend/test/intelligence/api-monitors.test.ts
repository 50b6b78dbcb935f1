/**
 * Monitors, test states and quarantine through the API on the real stores
 * (chDB + PGlite): CRUD and validation, preview, evaluation with evidence,
 * manual quarantine with the CI endpoint (ETag / 304), auto-release after
 * recovery, the audit trail, and tenant isolation.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { historyTimes, uploadHistory, type History } from './api-history.ts';

let t: TestApp;
let a: Awaited<ReturnType<TestApp['tenant']>>['keys'];
let b: Awaited<ReturnType<TestApp['tenant']>>['keys'];
let h: History;
let monitorId = '';

before(async () => {
  t = await startTestApp();
  a = (await t.tenant('intel-a', 11)).keys;
  b = (await t.tenant('intel-b', 12)).keys;
  h = historyTimes();
  await uploadHistory(t, a.ingest, 'web', h);
});
after(() => t.close());

const call = (key: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...bearer(key), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

type StateItem = { testId: string; name: string; state: string; detected: string; quarantine: { id: string; reason: string } | null; history: Array<{ reason: string; to: string; actor: string; evidence: string[] }> };
const states = async (key: string, query = 'project=web') => (await call(key, 'GET', `/api/v1/tests/states?${query}`)).json().tests as StateItem[];
const byName = (items: StateItem[], name: string) => items.find((s) => s.name === name);

test('monitor CRUD: admin creates, a second monitor for the project conflicts, bad config is a 400 problem', async () => {
  const created = await call(a.admin, 'POST', '/api/v1/monitors', { project: 'web', name: 'web flaky', config: { failureRate: { enabled: false } } });
  assert.equal(created.statusCode, 201, created.body);
  monitorId = created.json().id;

  const dup = await call(a.admin, 'POST', '/api/v1/monitors', { project: 'web', name: 'again' });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().code, 'MONITOR_EXISTS');

  const bad = await call(a.admin, 'POST', '/api/v1/monitors', { project: 'api', name: 'bad', config: { broken: { consecutiveFailures: 0 } } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal(bad.json().code, 'VALIDATION_FAILED');
  assert.equal(bad.json().field, 'broken.consecutiveFailures');

  // Query keys read but cannot write; a Grafana Viewer cannot write either, a Grafana Admin can.
  assert.equal((await call(a.query, 'POST', '/api/v1/monitors', { project: 'x', name: 'x' })).statusCode, 403);
  const viewer = await call(a.grafana, 'PUT', `/api/v1/monitors/${monitorId}`, { name: 'renamed' }, { 'x-grafana-org-id': '11', 'x-grafana-user': 'vera', 'x-grafana-role': 'Viewer' });
  assert.equal(viewer.statusCode, 403);
  assert.equal(viewer.json().code, 'FORBIDDEN');
  const admin = await call(a.grafana, 'PUT', `/api/v1/monitors/${monitorId}`, { name: 'web monitor', config: { failureRate: { enabled: false } } }, { 'x-grafana-org-id': '11', 'x-grafana-user': 'ada', 'x-grafana-role': 'Admin' });
  assert.equal(admin.statusCode, 200, admin.body);
  const listed = (await call(a.query, 'GET', '/api/v1/monitors?project=web')).json().monitors;
  assert.equal(listed.length, 1);
  assert.equal(listed[0].name, 'web monitor');
  assert.equal(listed[0].resolvedConfig.failureRate.enabled, false);
  assert.equal(listed[0].resolvedConfig.broken.consecutiveFailures, 5);

  // Tenant B neither sees nor reaches A's monitor.
  assert.deepEqual((await call(b.query, 'GET', '/api/v1/monitors')).json().monitors, []);
  assert.equal((await call(b.admin, 'DELETE', `/api/v1/monitors/${monitorId}`)).statusCode, 404);
});

test('preview shows what a config would flag, without storing anything', async () => {
  const res = await call(a.query, 'POST', '/api/v1/monitors/preview', { project: 'web', config: { failureRate: { enabled: false } } });
  assert.equal(res.statusCode, 200, res.body);
  const p = res.json();
  const flagged = Object.fromEntries(p.flagged.map((f: { name: string; state: string }) => [f.name, f.state]));
  assert.deepEqual(flagged, { broken: 'broken', flaky: 'flaky' });
  assert.equal(p.flagged[0].state, 'broken'); // broken first
  assert.equal(p.flagged.find((f: { name: string }) => f.name === 'flaky').cause.reason, 'pass_on_retry');
  assert.deepEqual(await states(a.query), []);
  // A stricter unsaved config flags nothing; an invalid one is refused.
  const strict = (await call(a.query, 'POST', '/api/v1/monitors/preview', { project: 'web', config: { passOnRetry: { minOccurrences: 50 }, flips: { enabled: false }, broken: { consecutiveFailures: 100 }, failureRate: { enabled: false } } })).json();
  assert.deepEqual(strict.flagged, []);
  const invalid = await call(a.query, 'POST', '/api/v1/monitors/preview', { project: 'web', config: { maxRunFailureRatio: 2 } });
  assert.equal(invalid.statusCode, 400);
  assert.equal(invalid.json().field, 'maxRunFailureRatio');
});

test('evaluation at an earlier time stores states with their evidence runs', async () => {
  // Just before run 9: `fixed` has failed runs 0–8 (broken), `flaky` passed on retry in runs 1 and 5 only.
  const asOf = new Date(h.runStart(9) - 60_000).toISOString();
  const res = await call(a.admin, 'POST', '/api/v1/monitors/evaluate', { project: 'web', asOf });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().evaluated[0].project, 'web');
  const s = await states(a.query);
  assert.equal(byName(s, 'fixed')?.state, 'broken');
  assert.equal(byName(s, 'broken')?.state, 'broken');
  assert.equal(byName(s, 'flaky'), undefined, 'two retries are not enough yet');
  const broken = byName(s, 'fixed')!;
  assert.equal(broken.history.length, 1);
  assert.equal(broken.history[0]!.reason, 'broken');
  assert.equal(broken.history[0]!.actor, 'monitor');
  assert.deepEqual(broken.history[0]!.evidence, [h.runId(0), h.runId(1), h.runId(2), h.runId(3), h.runId(4)]);
  // Evaluating again at the same time changes nothing (no duplicate history).
  await call(a.admin, 'POST', '/api/v1/monitors/evaluate', { project: 'web', asOf });
  assert.equal(byName(await states(a.query), 'fixed')!.history.length, 1);
});

let fixedQuarantine = '';
let etag = '';

test('manual quarantine by name; the CI endpoint lists it with ETag and answers 304', async () => {
  const bad = await call(a.admin, 'POST', '/api/v1/quarantine', { project: 'web', name: 'fixed' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'VALIDATION_FAILED');
  const missing = await call(a.admin, 'POST', '/api/v1/quarantine', { project: 'web', name: 'nope', reason: 'x' });
  assert.equal(missing.statusCode, 404);

  const q = await call(a.admin, 'POST', '/api/v1/quarantine', { project: 'web', name: 'fixed', reason: 'cart backend down', owner: '@cart' });
  assert.equal(q.statusCode, 201, q.body);
  fixedQuarantine = q.json().id;
  const again = await call(a.admin, 'POST', '/api/v1/quarantine', { project: 'web', name: 'fixed', reason: 'twice' });
  assert.equal(again.statusCode, 400);
  assert.equal(again.json().reason, 'ALREADY_QUARANTINED');

  const ci = await call(a.ingest, 'GET', '/api/v1/quarantine?project=web');
  assert.equal(ci.statusCode, 200);
  assert.match(ci.headers['cache-control'] as string, /max-age=30/);
  etag = ci.headers.etag as string;
  assert.ok(etag);
  assert.deepEqual(ci.json().tests.map((x: { name: string; reason: string; owner: string }) => [x.name, x.reason, x.owner]), [['fixed', 'cart backend down', '@cart']]);
  const cached = await call(a.ingest, 'GET', '/api/v1/quarantine?project=web', undefined, { 'if-none-match': etag });
  assert.equal(cached.statusCode, 304);
  assert.equal(cached.body, '');

  const s = byName(await states(a.query, 'project=web&state=quarantined'), 'fixed')!;
  assert.equal(s.state, 'quarantined');
  assert.equal(s.detected, 'broken');
  assert.equal(s.quarantine?.reason, 'cart backend down');
  assert.deepEqual(s.history.map((x) => x.reason), ['broken', 'quarantined']);

  // Tenant B sees none of it, and cannot release it.
  const other = await call(b.ingest, 'GET', '/api/v1/quarantine?project=web');
  assert.deepEqual(other.json().tests, []);
  assert.notEqual(other.headers.etag, etag);
  assert.equal((await call(b.admin, 'DELETE', `/api/v1/quarantine/${fixedQuarantine}`)).statusCode, 404);
  assert.deepEqual(await states(b.query), []);
});

test('evaluation now: the fixed test recovers and its quarantine is released automatically; flaky detected', async () => {
  const res = await call(a.admin, 'POST', '/api/v1/monitors/evaluate', {});
  assert.equal(res.statusCode, 200, res.body);
  const s = await states(a.query);
  const fixed = byName(s, 'fixed')!;
  assert.equal(fixed.state, 'healthy');
  assert.equal(fixed.quarantine, null);
  assert.deepEqual(fixed.history.map((x) => x.reason), ['broken', 'quarantined', 'fixed', 'auto_released']);
  assert.deepEqual(fixed.history[2]!.evidence, [h.runId(10)]);
  const flaky = byName(s, 'flaky')!;
  assert.equal(flaky.state, 'flaky');
  assert.equal(flaky.history[0]!.reason, 'pass_on_retry');
  assert.ok(flaky.history[0]!.evidence.length >= 3);
  assert.equal(byName(s, 'broken')!.state, 'broken');

  const ci = await call(a.ingest, 'GET', '/api/v1/quarantine?project=web', undefined, { 'if-none-match': etag });
  assert.equal(ci.statusCode, 200, 'the list changed, so the old ETag no longer matches');
  assert.deepEqual(ci.json().tests, []);
  const rows = await t.services.metadata.query<{ release_reason: string; released_by: string }>(
    'SELECT release_reason, released_by FROM quarantines WHERE tenant_id = $1 AND id = $2::bigint', [(await t.services.tenants.getBySlug('intel-a')).id, fixedQuarantine]);
  assert.deepEqual(rows, [{ release_reason: 'auto_released', released_by: 'system' }]);
});

test('manual release is audited; a released quarantine cannot be released twice', async () => {
  const q = await call(a.grafana, 'POST', '/api/v1/quarantine', { project: 'web', name: 'broken', reason: 'login service migration', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    { 'x-grafana-org-id': '11', 'x-grafana-user': 'eddie', 'x-grafana-role': 'Editor' });
  assert.equal(q.statusCode, 201, q.body);
  const rel = await call(a.admin, 'DELETE', `/api/v1/quarantine/${q.json().id}`);
  assert.equal(rel.statusCode, 200);
  assert.equal((await call(a.admin, 'DELETE', `/api/v1/quarantine/${q.json().id}`)).statusCode, 404);
  const broken = byName(await states(a.query), 'broken')!;
  assert.equal(broken.state, 'broken');
  const tail = broken.history.slice(-2);
  assert.deepEqual(tail.map((x) => [x.reason, x.actor.startsWith('key:') ? 'key' : x.actor]), [['quarantined', 'eddie'], ['released', 'key']]);
});

test('monitor delete; validation errors on the quarantine and states routes are problems', async () => {
  assert.equal((await call(a.query, 'GET', '/api/v1/tests/states?project=web&state=sick')).statusCode, 400);
  assert.equal((await call(a.admin, 'POST', '/api/v1/quarantine', { project: 'web', testId: 'x', reason: 'r', expiresAt: '2001-01-01T00:00:00Z' })).json().field, 'expiresAt');
  assert.equal((await call(a.admin, 'DELETE', `/api/v1/monitors/${monitorId}`)).statusCode, 204);
  assert.deepEqual((await call(a.query, 'GET', '/api/v1/monitors')).json().monitors, []);
});
