/**
 * The day restatement of a test_results time range (model/time.ts
 * dayBoundsExpr) only lets the index skip days: on chDB, with rows on both
 * sides of UTC midnight and ranges ending on and around it, every count equals
 * the same SQL without the day bounds and the count expected from the data
 * (raw table for unaligned ranges, the hourly rollup for aligned ones).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { compileQuery } from '../../src/query/index.ts';

const AT = ['2026-11-20T23:59:59.999Z', '2026-11-21T00:00:00.000Z', '2026-11-21T12:00:00.000Z', '2026-11-21T23:59:59.999Z', '2026-11-22T00:00:00.000Z'];
let t: TestApp;
let tenantId: string;

before(async () => {
  t = await startTestApp();
  const tenant = await t.tenant('days');
  tenantId = tenant.id;
  const results = AT.map((startedAt, i) => ({ suite: 's', name: `t${i}`, status: 'passed', durationMs: 1, startedAt }));
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(tenant.keys.ingest), payload: { runId: 'd1', project: 'p', startedAt: AT[0], results } });
  assert.equal(r.statusCode, 201, r.body);
});
after(() => t.close());

test('a count over test_results is the same with and without the day bounds, at and around UTC midnight', async () => {
  const ms = (iso: string) => Date.parse(iso);
  const ranges: [string, string][] = [
    ['2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z'],
    ['2026-11-20T23:59:59.999Z', '2026-11-21T00:00:00.001Z'],
    ['2026-11-21T00:00:00.001Z', '2026-11-22T00:00:00.000Z'],
    ['2026-11-21T23:59:59.999Z', '2026-11-22T00:00:00.001Z'],
    ['2026-11-20T12:00:00.000Z', '2026-11-22T00:00:00.001Z'],
    ['2026-11-21T06:00:00.000Z', '2026-11-21T06:00:00.000Z'],
  ];
  const ctx = { tenantId, principal: { kind: 'service' as const, role: 'Viewer' as const }, policies: [], maskingRules: [], tenantSettings: { denyByDefault: false, maskingKey: 'k' }, now: new Date() };
  for (const [from, to] of ranges) {
    const expected = AT.filter((a) => ms(a) >= ms(from) && ms(a) < ms(to)).length;
    const c = compileQuery({ version: 1, refId: 'A', dataset: 'results', metrics: [{ fn: 'count' }], timeRange: { from, to }, shape: 'single' }, ctx);
    // Hour-aligned ranges read the rollup (`hour`); the bounds carry over there, exact as well.
    assert.match(c.sql, /toStartOfDay\(`(started_at|hour)`\) >= toStartOfDay/, 'the day bounds are there');
    const without = c.sql.replace(/ AND \(toStartOfDay\(`(started_at|hour)`\) >= [^)]*\)\)\) AND \(toStartOfDay\(`(started_at|hour)`\) <= [^)]*\)\)\)/, '');
    assert.doesNotMatch(without, /toStartOfDay/);
    const [withDays] = await t.services.analytics.query<{ m0: string }>(c.sql, { ...c.params });
    const [plain] = await t.services.analytics.query<{ m0: string }>(without, { ...c.params });
    assert.equal(Number(withDays!.m0), expected, `${from} .. ${to}`);
    assert.equal(Number(plain!.m0), expected, `${from} .. ${to} without day bounds`);
  }
});
