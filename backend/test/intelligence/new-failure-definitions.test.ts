/**
 * "New failure" has three definitions in the product, and they disagree on
 * ordinary histories. This test pins each one on the same three days of runs
 * so the differences are explicit (and a future unification shows up here):
 *
 *  - annotations `new_failures` (query/annotations.ts): a test (project +
 *    test_id) with a failed/error attempt in the range — ANY attempt, retries
 *    included — and no failed/error attempt ever before the range;
 *  - report condition `new_failures` (reports/scheduler/failing-tests.ts):
 *    "project › suite › name" (the name as the report principal sees it)
 *    with a failed/error attempt — any attempt — in this report run's window
 *    and none in the previous completed run's window;
 *  - diff / run_diff `new_failure` (intelligence/diff/diff.ts,
 *    query/model/run-diff): a test_id present on both sides whose latest
 *    FINAL attempt was not failing before and is failing after; a test absent
 *    before is `added`, never a new failure.
 *
 * Day 1: old fails. Day 2: everything passes. Day 3: old fails again, flaky
 * fails once and passes on retry, brand_new appears failing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { failingTests, newFailures } from '../../src/reports/scheduler/failing-tests.ts';
import type { ReportDefinition } from '../../src/reports/definitions/types.ts';
import type { CompileContext } from '../../src/query/index.ts';

let t: TestApp;
let keys: Record<'ingest' | 'query' | 'admin' | 'grafana', string>;
let tenantId: string;

const ok = (name: string) => ({ suite: 's', name, status: 'passed', durationMs: 10 });
const bad = (name: string) => ({ suite: 's', name, status: 'failed', durationMs: 10, error: { type: 'AssertionError', message: 'boom' } });
const day = (d: number) => `2026-11-${String(19 + d).padStart(2, '0')}`;
const run = (id: string, d: number, results: unknown[]) =>
  ({ runId: id, project: 'nf', branch: 'main', startedAt: `${day(d)}T10:00:00Z`, finishedAt: `${day(d)}T10:01:00Z`, results });

before(async () => {
  t = await startTestApp();
  const tenant = await t.tenant('newfail', 7);
  keys = tenant.keys;
  tenantId = tenant.id;
  for (const r of [
    run('r1', 1, [bad('old'), ok('flaky'), ok('steady')]),
    run('r2', 2, [ok('old'), ok('flaky'), ok('steady')]),
    run('r3', 3, [bad('old'), { ...ok('flaky'), retries: [{ status: 'failed', durationMs: 10 }] }, ok('steady'), bad('brand_new')]),
  ]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(keys.ingest), payload: r });
    assert.equal(res.statusCode, 201, res.body);
  }
});
after(() => t.close());

test('annotations: first failure ever, any attempt — flaky and brand_new, not old', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/annotations', headers: bearer(keys.query),
    payload: { kind: 'new_failures', range: { from: `${day(3)}T00:00:00Z`, to: `${day(4)}T00:00:00Z` } } });
  assert.equal(res.statusCode, 200, res.body);
  const titles = (res.json().annotations as { title: string }[]).map((a) => a.title.replace('New failure: ', '')).sort();
  assert.deepEqual(titles, ['brand_new', 'flaky']);
});

test('report condition: failing now, not in the previous window, any attempt — old, flaky and brand_new', async () => {
  const ctx = (now: string): CompileContext => ({
    tenantId, principal: { kind: 'service', role: 'Viewer' }, policies: [], maskingRules: [],
    tenantSettings: { denyByDefault: false, maskingKey: 'k' }, now: new Date(now),
  });
  const def = { timeRange: { last: '1d', timezone: 'UTC' } } as unknown as ReportDefinition;
  const previous = await failingTests(def, ctx(`${day(3)}T00:00:00Z`), t.services.queries);
  const current = await failingTests(def, ctx(`${day(4)}T00:00:00Z`), t.services.queries);
  assert.deepEqual(previous, []);
  assert.deepEqual(newFailures(current, previous), ['nf › s › brand_new', 'nf › s › flaky', 'nf › s › old']);
});

test('diff: final attempt passing before and failing after — old only; brand_new is added, flaky unchanged', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/diff', headers: bearer(keys.query),
    payload: { project: 'nf', before: { run: 'r2' }, after: { run: 'r3' } } });
  assert.equal(res.statusCode, 200, res.body);
  const names = (k: string) => (res.json()[k] as { name?: string }[]).map((x) => x.name).sort();
  assert.deepEqual(names('newFailures'), ['old']);
  assert.deepEqual(names('added'), ['brand_new']);
  assert.deepEqual(names('stillFailing'), []);
});
