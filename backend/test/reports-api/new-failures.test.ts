/**
 * Condition "new failures", on real data in chDB: a run sends only if a test
 * (by test_id) has its latest final attempt failing in the window and its
 * latest final outcome before the window not failing or absent (the one rule,
 * query/new-failures.ts); the summary names the new failures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { api, definition, grafanaUser } from './helpers.ts';

let t: TestApp;
let tenant: Awaited<ReturnType<TestApp['tenant']>>;

const result = (name: string, status: string) => ({ suite: 'checkout', name, status, durationMs: 10 });
const day = (d: number, results: ReturnType<typeof result>[]) => ({
  runId: `nf-${d}`,
  project: 'shop',
  branch: 'main',
  startedAt: `2026-12-${d}T08:00:00Z`,
  finishedAt: `2026-12-${d}T08:01:00Z`,
  results,
});

before(async () => {
  t = await startTestApp();
  tenant = await t.tenant('nf', 4);
  for (const run of [
    day(10, [result('pay', 'failed'), result('cart', 'passed'), result('ship', 'passed')]),
    day(11, [result('pay', 'failed'), result('cart', 'passed')]),
    day(12, [result('pay', 'failed'), result('cart', 'failed'), result('ship', 'error')]),
  ]) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(tenant.keys.ingest), payload: run });
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(() => t.close());

test('sends only when a test fails in the window that was not failing before it', async () => {
  const editor = grafanaUser(tenant.keys.grafana, 4, 'ed', 'Editor');
  const c = await api(t, 'POST', '/api/v1/reports', editor, definition({ timeRange: { last: '1d', timezone: 'UTC' }, condition: { kind: 'new_failures' } }));
  assert.equal(c.statusCode, 201, c.body);
  const reports = t.services.reports;
  const run = async (now: string) => reports.runner.run(await reports.store.require(tenant.id, c.json().id), { kind: 'manual' }, new Date(now));
  const notes = async () => (await reports.runs.lastSummary(c.json().id))?.notes;

  const first = await run('2026-12-10T12:00:00Z');
  assert.equal(first.status, 'succeeded', 'pay has no earlier result: new');
  assert.deepEqual(await notes(), ['New failure: shop › checkout › pay']);

  const same = await run('2026-12-11T12:00:00Z');
  assert.equal(same.status, 'skipped', 'pay was already failing on day 10');
  assert.match(same.reason ?? '', /no new failure/);

  const more = await run('2026-12-12T12:00:00Z');
  assert.equal(more.status, 'succeeded', 'cart and ship are new');
  assert.deepEqual(await notes(), ['New failure: shop › checkout › cart', 'New failure: shop › checkout › ship']);

  const quiet = await run('2026-12-13T12:00:00Z');
  assert.equal(quiet.status, 'skipped', 'nothing fails in an empty window');

  // Stateless: re-judging day 12 after the quiet run gives the same two, not "everything failing".
  const back = await run('2026-12-12T12:30:00Z');
  assert.equal(back.status, 'succeeded');
  assert.deepEqual(await notes(), ['New failure: shop › checkout › cart', 'New failure: shop › checkout › ship']);
});

test('new_failures is a valid condition; an unknown one is refused', async () => {
  const editor = grafanaUser(tenant.keys.grafana, 4, 'ed', 'Editor');
  const bad = await api(t, 'POST', '/api/v1/reports', editor, definition({ condition: { kind: 'new_flakes' } }));
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().detail, /new_failures/);
});
