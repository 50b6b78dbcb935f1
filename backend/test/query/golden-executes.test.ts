import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileAnnotationsQuery, compileQuery, compileValuesQuery, toDataFrames, type AnnotationsRequest } from '../../src/query/index.ts';
import { CONTEXTS } from './golden-contexts.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';
import { insertRows, sampleRows, T0, HOUR } from './helpers/fixtures.ts';

/** Every golden case is not only the expected text: it also runs on the real engine. */
interface Case { name: string; ctx: string; query?: unknown; values?: { dimension: string; search?: string; limit?: number }; annotations?: AnnotationsRequest }
const cases = JSON.parse(readFileSync(fileURLToPath(new URL('./golden/cases.json', import.meta.url)), 'utf8')) as Case[];

let engine: TestEngine;
before(async () => {
  engine = await openEngine();
  const tenant = CONTEXTS.plain?.tenantId ?? '';
  await insertRows(engine, sampleRows().map((r) => ({ ...r, tenant_id: r.tenant_id === 'tenant-a' ? tenant : r.tenant_id })));
  await engine.query(`INSERT INTO test_runs (tenant_id, run_id, project, branch, environment, started_at, finished_at, failed, errors, retention_days) SETTINGS async_insert = 0 VALUES
    ({t:String}, 'r1', 'web', 'main', 'staging', fromUnixTimestamp64Milli({a:Int64}), fromUnixTimestamp64Milli({b:Int64}), 2, 0, 3650),
    ({t:String}, 'r2', 'web', 'main', 'staging', fromUnixTimestamp64Milli({a:Int64}), fromUnixTimestamp64Milli({b:Int64}), 0, 0, 3650),
    ('other', 'r3', 'web', 'main', 'staging', fromUnixTimestamp64Milli({a:Int64}), fromUnixTimestamp64Milli({b:Int64}), 5, 1, 3650)`, { t: tenant, a: T0, b: T0 + HOUR });
});
after(() => engine.close());

for (const c of cases) {
  test(`golden case executes on chDB: ${c.name}`, async () => {
    const ctx = CONTEXTS[c.ctx];
    assert.ok(ctx);
    if (c.values) {
      const v = compileValuesQuery(c.values.dimension, c.values.search, c.values.limit, ctx);
      await engine.query(v.sql, { ...v.params });
    } else if (c.annotations) {
      const a = compileAnnotationsQuery(c.annotations, ctx);
      await engine.query(a.sql, { ...a.params });
    } else {
      const q = compileQuery(c.query, ctx);
      const rows = await engine.query(q.sql, { ...q.params });
      assert.equal(toDataFrames(q, rows).length >= 1, true);
    }
  });
}

test('annotations on real rows: failed runs of this tenant only; new failures by the one rule', async () => {
  const ctx = CONTEXTS.plain;
  assert.ok(ctx);
  const failed = compileAnnotationsQuery({ kind: 'failed_runs', timeRange: { from: T0, to: T0 + 2 * HOUR } }, ctx);
  const runs = await engine.query(failed.sql, { ...failed.params });
  assert.deepEqual(runs.map((r) => r.run_id), ['r1']);
  // New failures (query/new-failures.ts): final attempts only (the sample rows are not final, so they
  // play no part). x fails, passes, fails again; y fails then passes on retry; z appears failing.
  const row = (id: string, status: string, h: number, isFinal = 1) =>
    JSON.stringify({ tenant_id: ctx.tenantId, project: 'nfx', suite: 's', test_id: `nfx-${id}`, name: id, status, duration_ms: 5,
      started_at: new Date(T0 + h * HOUR).toISOString().replace('T', ' ').replace('Z', ''), is_final: isFinal, retention_days: 3650 });
  await engine.query(`INSERT INTO test_results (tenant_id, project, suite, test_id, name, status, duration_ms, started_at, is_final, retention_days) SETTINGS async_insert = 0 FORMAT JSONEachRow ${[
    row('x', 'failed', 10), row('y', 'passed', 10), row('x', 'passed', 11), row('y', 'passed', 11),
    row('x', 'failed', 12), row('y', 'failed', 12, 0), row('y', 'passed', 12), row('z', 'error', 12)].join('\n')}`);
  const fresh = async (fromH: number) => {
    const q = compileAnnotationsQuery({ kind: 'new_failures', timeRange: { from: T0 + fromH * HOUR, to: T0 + (fromH + 1) * HOUR } }, ctx);
    return (await engine.query(q.sql, { ...q.params })).map((r) => r.title).sort();
  };
  assert.deepEqual(await fresh(10), ['x'], 'no earlier result: new');
  assert.deepEqual(await fresh(11), [], 'nothing fails');
  assert.deepEqual(await fresh(12), ['x', 'z'], 'x passed before, z is new, y passed on retry');
});
