/**
 * Checks the invariant every intelligence SQL builder promises: each
 * `FROM <table>` is followed, in its own WHERE, by the tenant guard, and no
 * literal value from the inputs appears in the text.
 */
import assert from 'node:assert/strict';
import type { BoundSql } from '../../src/intelligence/sql.ts';

const TABLES = ['test_results', 'test_runs', 'perf_samples', 'failure_clusters_daily', 'failed_results'];

export function assertTenantGuarded(q: BoundSql, tenant: string): void {
  const refs = [...q.sql.matchAll(/\bFROM\s+([a-z_]+)/gi)].filter((m) => TABLES.includes(m[1]!));
  assert.ok(refs.length > 0, 'expected at least one table reference');
  for (const ref of refs) {
    const rest = q.sql.slice(ref.index! + ref[0].length);
    assert.match(rest, /^\s+WHERE tenant_id = \{tenant:String\}/, `${ref[1]} must be guarded by tenant_id right away`);
  }
  assert.equal(q.params.tenant, tenant);
  assert.ok(!q.sql.includes(tenant), 'tenant value must not be printed into SQL');
}

export function assertNoValuesInSql(q: BoundSql, values: string[]): void {
  for (const v of values) assert.ok(!q.sql.includes(v), `value ${v} must be bound, not printed`);
}
