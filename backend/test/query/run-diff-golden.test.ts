import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compileQuery, toDataFrames } from '../../src/query/index.ts';
import { CONTEXTS } from './golden-contexts.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';
import { insertRows, sampleRows } from './helpers/fixtures.ts';

/**
 * Golden SQL of the run_diff dataset (same contract as golden.test.ts:
 * regenerate deliberately with UPDATE_GOLDEN=1 and review), each case also
 * executed on chDB. The derived source reads test_results exactly once: one
 * tenant guard, the policies and the name mask sit in that innermost select.
 */
const dir = fileURLToPath(new URL('./golden/', import.meta.url));
const W = { from: 1772323200000, to: 1772928000000 };
const CASES: { name: string; ctx: string; query: Record<string, unknown> }[] = [
  {
    name: 'run_diff_new_failures_masked', ctx: 'masked',
    query: { version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'test'], filters: [{ field: 'change', op: '=', value: 'new_failure' }], timeRange: W, shape: 'table' },
  },
  {
    name: 'run_diff_runs_policies', ctx: 'policies',
    query: {
      version: 1, dataset: 'run_diff', shape: 'table', groupBy: ['change', 'owner'],
      metrics: [{ fn: 'count' }, { fn: 'distinct_tests' }, { fn: 'p50', field: 'after_ms' }, { fn: 'avg', field: 'change_pct' }],
      compare: { before: { run: 'run-1' }, after: { commit: 'abc123' } },
    },
  },
  {
    name: 'run_diff_branches_single', ctx: 'plain',
    query: { version: 1, dataset: 'run_diff', metrics: [{ fn: 'distinct_tests' }], filters: [{ field: 'change', op: 'in', value: ['slower', 'faster'] }], timeRange: W, compare: { before: { branch: 'main', period: 'same' }, after: { branch: 'feature' } }, shape: 'single' },
  },
];

let engine: TestEngine;
before(async () => {
  engine = await openEngine();
  await insertRows(engine, sampleRows());
});
after(() => engine.close());

for (const c of CASES) {
  test(`golden: ${c.name}`, async () => {
    const ctx = CONTEXTS[c.ctx];
    assert.ok(ctx);
    const r = compileQuery(c.query, ctx);
    const actual = { sql: r.sql, params: r.params, columns: r.columns, shape: r.shape, appliedPolicies: r.appliedPolicies, appliedMasks: r.appliedMasks, usedRollup: r.usedRollup };
    const file = join(dir, `${c.name}.json`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
      assert.equal(process.env.CI, undefined, `golden file ${c.name}.json missing in CI`);
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
    assert.equal((r.sql.match(/`tenant_id` = \{tenant:String\}/g) ?? []).length, 1, 'one guard');
    assert.equal((r.sql.match(/FROM `/g) ?? []).length, 1, 'one table reference');
    assert.ok(!r.sql.includes("'") && !r.sql.includes(';'), 'no literal in SQL');
    const rows = await engine.query(r.sql, { ...r.params });
    assert.equal(toDataFrames(r, rows).length, 1);
  });
}
