/**
 * Integration: real fixture failures, signed with computeSignature as
 * ingestion does, cluster on chDB by signature — the same failure from jest
 * and mocha in one cluster, other failures apart, other tenants invisible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSignature, clustersSql, type ClusterRow } from '../../src/intelligence/signature/index.ts';
import { toNdjson } from '../../src/intelligence/sim/rows.ts';
import { chTime } from '../../src/intelligence/sql.ts';
import { failingCase } from './fixtures.ts';
import { openTempChdb } from './chdb-helper.ts';
import { assertTenantGuarded } from './sql-guard.ts';

const T = Date.UTC(2026, 5, 1);

test('clusters group real failures by signature, with counts, tests, branches and first/last seen', async () => {
  const cases = [
    { c: failingCase('junit/jest-junit.xml', 'Exception in target unit'), test: 'jest-a', branch: 'main', at: T },
    { c: failingCase('mocha-json/mocha-json.json', 'Exception in target unit'), test: 'mocha-a', branch: 'feature/x', at: T + 5000 },
    { c: failingCase('mocha-json/mocha-json.json', 'Exception in target unit'), test: 'mocha-a', branch: 'main', at: T + 9000 },
    { c: failingCase('junit/surefire-pulsar-single.xml', 'testVersionStrings'), test: 'pulsar', branch: 'main', at: T + 1000 },
  ];
  const row = (x: (typeof cases)[number], tenant: string, i: number) => ({
    tenant_id: tenant, project: 'p', run_id: `r${i}`, test_id: x.test, name: x.test, status: 'failed', attempt: 1, is_final: 1,
    started_at: chTime(x.at), branch: x.branch, error_type: x.c.error!.type ?? '', error_message: x.c.error!.message ?? '',
    error_stack: x.c.error!.stack ?? '', error_signature: computeSignature(x.c.error!).signature, retention_days: 3650,
  });
  const db = openTempChdb();
  try {
    await db.session.insert({ table: 'test_results', values: toNdjson([...cases.map((x, i) => row(x, 'acme', i)), ...cases.map((x, i) => row(x, 'evil', i + 10))]), format: 'JSONEachRow' });
    const q = clustersSql({ tenant: 'acme', project: 'p', from: T - 1, to: T + 60_000 });
    assertTenantGuarded(q, 'acme');
    const clusters = await db.query<ClusterRow>(q);
    assert.equal(clusters.length, 2);
    const [top, other] = clusters;
    assert.equal(top!.signature, computeSignature(cases[0]!.c.error!).signature);
    assert.equal(Number(top!.failures), 3);
    assert.equal(Number(top!.tests), 2);
    assert.deepEqual(top!.branches, ['feature/x', 'main']);
    assert.equal(Date.parse(top!.first_seen.replace(' ', 'T') + 'Z'), T);
    assert.equal(Date.parse(top!.last_seen.replace(' ', 'T') + 'Z'), T + 9000);
    assert.equal(Number(other!.failures), 1);
    const mainOnly = await db.query<ClusterRow>(clustersSql({ tenant: 'acme', project: 'p', from: T - 1, to: T + 60_000, branch: 'main' }));
    assert.equal(Number(mainOnly[0]!.failures), 2);
  } finally {
    db.close();
  }
});
