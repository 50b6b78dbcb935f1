/**
 * "New failure" has ONE definition in the product (query/new-failures.ts):
 * a test (by test_id) whose latest final attempt in the window fails, and
 * whose latest final outcome before the window was not a failure, or which
 * had no earlier result. This test pins that the annotations, the report
 * condition and the diff all agree on the same three days of runs.
 *
 * Day 1: old fails. Day 2: everything passes. Day 3: old fails again, flaky
 * fails once and passes on retry (its final attempt passed: not a failure),
 * brand_new appears failing. New failures on day 3: old and brand_new.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { newFailingTests } from '../../src/reports/scheduler/failing-tests.ts';
import { newFailuresOfDiff } from '../../src/query/new-failures.ts';
import type { RunDiff } from '../../src/intelligence/diff/diff.ts';
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

test('annotations: old and brand_new (flaky passed on retry)', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/annotations', headers: bearer(keys.query),
    payload: { kind: 'new_failures', range: { from: `${day(3)}T00:00:00Z`, to: `${day(4)}T00:00:00Z` } } });
  assert.equal(res.statusCode, 200, res.body);
  const titles = (res.json().annotations as { title: string }[]).map((a) => a.title.replace('New failure: ', '')).sort();
  assert.deepEqual(titles, ['brand_new', 'old']);
});

test('annotations: day 1 has old as new (no earlier result), day 2 has none', async () => {
  for (const [d, want] of [[1, ['old']], [2, []]] as const) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/annotations', headers: bearer(keys.query),
      payload: { kind: 'new_failures', range: { from: `${day(d)}T00:00:00Z`, to: `${day(d + 1)}T00:00:00Z` } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((res.json().annotations as { title: string }[]).map((a) => a.title.replace('New failure: ', '')), want);
  }
});

const ctx = (now: string, maskingRules: CompileContext['maskingRules'] = []): CompileContext => ({
  tenantId, principal: { kind: 'service', role: 'Viewer' }, policies: [], maskingRules,
  tenantSettings: { denyByDefault: false, maskingKey: 'k' }, now: new Date(now),
});
const def = { timeRange: { last: '1d', timezone: 'UTC' } } as unknown as ReportDefinition;

test('report condition: old and brand_new, whatever the previous report run saw', async () => {
  assert.deepEqual(await newFailingTests(def, ctx(`${day(3)}T00:00:00Z`), t.services.queries), []);
  assert.deepEqual(await newFailingTests(def, ctx(`${day(4)}T00:00:00Z`), t.services.queries), ['nf › s › brand_new', 'nf › s › old']);
});

test('report condition keys by test_id: a redacted name masks the display, not the count', async () => {
  const redact: CompileContext['maskingRules'] = [{ id: 'm1', field: 'name', method: 'redact' }];
  const got = await newFailingTests(def, ctx(`${day(4)}T00:00:00Z`, redact), t.services.queries);
  assert.equal(got.length, 2, JSON.stringify(got));
  assert.ok(got.every((n) => !n.includes('old') && !n.includes('brand_new')), JSON.stringify(got));
});

test('diff r2 → r3: old is newly failing, brand_new is added and failing — both new failures by the one rule', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/diff', headers: bearer(keys.query),
    payload: { project: 'nf', before: { run: 'r2' }, after: { run: 'r3' } } });
  assert.equal(res.statusCode, 200, res.body);
  const d = res.json() as RunDiff;
  const names = (k: 'newFailures' | 'added' | 'stillFailing') => d[k].map((x) => x.name).sort();
  assert.deepEqual(names('newFailures'), ['old']);
  assert.deepEqual(names('added'), ['brand_new']);
  assert.deepEqual(newFailuresOfDiff(d).map((x) => x.name).sort(), ['brand_new', 'old']);
});
