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

test('annotations on real rows: failed runs of this tenant only; new failures', async () => {
  const ctx = CONTEXTS.plain;
  assert.ok(ctx);
  const failed = compileAnnotationsQuery({ kind: 'failed_runs', timeRange: { from: T0, to: T0 + 2 * HOUR } }, ctx);
  const runs = await engine.query(failed.sql, { ...failed.params });
  assert.deepEqual(runs.map((r) => r.run_id), ['r1']);
  const fresh = compileAnnotationsQuery({ kind: 'new_failures', timeRange: { from: T0 + 2 * HOUR, to: T0 + 6 * HOUR } }, ctx);
  const early = compileAnnotationsQuery({ kind: 'new_failures', timeRange: { from: T0, to: T0 + 6 * HOUR } }, ctx);
  const [late, all] = [await engine.query(fresh.sql, { ...fresh.params }), await engine.query(early.sql, { ...early.params })];
  assert.ok(all.length > 0);
  const allIds = new Set(all.map((r) => r.test_id));
  for (const r of late) assert.ok(allIds.has(r.test_id), 'a test first failing late also appears in the wider window');
  assert.ok(late.length < all.length, 'tests that failed before the window are not new');
});
