/**
 * Golden SQL of the pivot (no engine): the values lookup and the pivot are
 * built around the compiled query, whose tenant guard stays inside; pivot
 * values are bound parameters; count-like metrics sum to 0 for a missing
 * pair, others are NULL; header cells that look like formulas are quoted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, type CompileContext } from '../../src/query/index.ts';
import { checkPivot, headerSafe, pivotQuery, pivotValuesSql } from '../../src/exports/pivot.ts';

const ctx = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  principal: { kind: 'service', role: 'Admin' },
  policies: [],
  maskingRules: [],
  tenantSettings: { denyByDefault: false, maskingKey: 'k' },
  now: new Date('2026-11-25T00:00:00Z'),
} as unknown as CompileContext;
const query = {
  version: 1,
  dataset: 'results',
  metrics: [{ fn: 'count' }, { fn: 'avg', field: 'duration_ms' }],
  groupBy: ['project', 'status'],
  shape: 'table',
};
const INNER =
  'SELECT `project` AS `d0`, `status` AS `d1`, count() AS `m0`, avg(`duration_ms`) AS `m1` FROM `test_results` WHERE `tenant_id` = {tenant:String} GROUP BY `d0`, `d1` ORDER BY `m0` DESC, `d0` ASC, `d1` ASC LIMIT {p0:UInt32}';

test('values lookup: distinct pivot values of the compiled query, cap + 1', () => {
  const v = pivotValuesSql(compileQuery(query, ctx), { field: 'status', maxColumns: 3 });
  assert.equal(
    v.sql,
    `SELECT DISTINCT toString(\`d1\`) AS pivot_value FROM (${INNER}) AS pivot_source WHERE pivot_value IS NOT NULL ORDER BY pivot_value LIMIT {export_pivot_cap:UInt32}`
  );
  assert.deepEqual(v.params, { tenant: ctx.tenantId, p0: 4294967295, export_pivot_cap: 4 });
  assert.equal(v.cap, 3);
});

test('pivot: one column per (value, metric), values bound, sum for counts, NULL-if-absent otherwise', () => {
  const p = pivotQuery(compileQuery(query, ctx), { field: 'status' }, ['failed', 'passed'], ['count', 'avg']);
  const cond = (i: number) => `toString(\`d1\`) = {export_pv${i}:String}`;
  assert.equal(
    p.sql,
    'SELECT `d0`, ' +
      `sumIf(\`m0\`, ${cond(0)}) AS \`p0_0\`, if(countIf(${cond(0)}) = 0, NULL, anyIf(\`m1\`, ${cond(0)})) AS \`p0_1\`, ` +
      `sumIf(\`m0\`, ${cond(1)}) AS \`p1_0\`, if(countIf(${cond(1)}) = 0, NULL, anyIf(\`m1\`, ${cond(1)})) AS \`p1_1\` ` +
      `FROM (${INNER}) AS pivot_source GROUP BY \`d0\` ORDER BY \`d0\` LIMIT {export_pivot_rows:UInt32}`
  );
  assert.deepEqual(p.params, {
    tenant: ctx.tenantId,
    p0: 4294967295,
    export_pv0: 'failed',
    export_pv1: 'passed',
    export_pivot_rows: 1000,
  });
  assert.deepEqual(
    p.columns.map((c) => [c.name, c.sqlName, c.role]),
    [
      ['project', 'd0', 'dimension'],
      ['failed count', 'p0_0', 'metric'],
      ['failed avg_duration_ms', 'p0_1', 'metric'],
      ['passed count', 'p1_0', 'metric'],
      ['passed avg_duration_ms', 'p1_1', 'metric'],
    ]
  );
  assert.ok(!p.sql.includes("'"), 'no value in the SQL text');
});

test('a single metric names columns by value; formula-like values are quoted; bad pivots are refused', () => {
  const one = { ...query, metrics: [{ fn: 'count' }] };
  const p = pivotQuery(compileQuery(one, ctx), { field: 'status' }, ['=cmd', 'passed'], ['count']);
  assert.deepEqual(p.columns.map((c) => c.name), ['project', "'=cmd", 'passed']);
  assert.equal(headerSafe('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(headerSafe('\tTAB\nx'), "'\ufffdTAB\ufffdx", 'control characters cannot reach an identifier');
  assert.throws(() => checkPivot(one, { field: 'branch' }), { code: 'EXPORT_INVALID_PIVOT' });
  assert.throws(() => checkPivot({ ...one, shape: 'timeseries_long' }, { field: 'status' }), { code: 'EXPORT_INVALID_PIVOT' });
  assert.doesNotThrow(() => checkPivot(one, { field: 'status' }));
});
