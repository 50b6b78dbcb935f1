/**
 * Golden SQL of the `platform` dataset: one guarded read of platform_metrics,
 * values bound, and refused below the Admin role (like the audit dataset).
 * Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileQuery } from '../../src/query/index.ts';
import { CONTEXTS } from '../query/golden-contexts.ts';

const QUERY = {
  version: 1, dataset: 'platform', shape: 'timeseries_long', intervalMs: 60_000,
  metrics: [{ fn: 'p95', field: 'value' }, { fn: 'max', field: 'value' }], groupBy: ['metric'],
  filters: [{ field: 'metric', op: 'in', value: ['batch_latency_p95_ms', 'query_latency_p95_ms'] }],
  timeRange: { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' },
};

test('golden: platform dataset, p95 and max by metric, tenant-guarded', () => {
  const r = compileQuery(QUERY, CONTEXTS.admin!);
  const actual = { sql: r.sql, params: r.params, columns: r.columns, shape: r.shape, appliedPolicies: r.appliedPolicies };
  const file = fileURLToPath(new URL('./golden/platform_p95_by_metric.json', import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    assert.equal(process.env.CI, undefined, 'golden file missing in CI');
    writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  assert.match(r.sql, /FROM `platform_metrics` WHERE .*AND \(`tenant_id` = \{tenant:String\}\) GROUP BY/);
  assert.doesNotMatch(r.sql, /'/);
});

test('`last` of a gauge lowers to argMax over the sample time, on the guarded table', () => {
  const r = compileQuery({ version: 1, dataset: 'platform', metrics: [{ fn: 'last', field: 'value' }], filters: [{ field: 'metric', op: '=', value: 'rows_stored' }], shape: 'single' }, CONTEXTS.admin!);
  assert.match(r.sql, /^SELECT argMax\(`value`, `ts`\) AS `m0` FROM `platform_metrics` WHERE .*`tenant_id` = \{tenant:String\}/);
  assert.equal(r.params.tenant, CONTEXTS.admin!.tenantId);
});

test('platform dataset is refused below Admin', () => {
  for (const role of ['Viewer', 'Editor'] as const) {
    const ctx = { ...CONTEXTS.plain!, principal: { kind: 'user' as const, login: 'vera', role } };
    assert.throws(() => compileQuery(QUERY, ctx), (e: { code?: string }) => e.code === 'QUERY_FORBIDDEN_DATASET');
  }
});
