import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, bearer, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

const count = async (table: string, tenantId: string, extra = '') =>
  Number((await f.t.services.analytics.query<{ c: string }>(`SELECT count() AS c FROM ${table} WHERE tenant_id = {t:String} ${extra}`, { t: tenantId }))[0]!.c);
const erase = (payload: Record<string, unknown>, key = f.acme.keys.admin) => f.t.app.inject({ method: 'POST', url: '/api/v1/erasure', headers: bearer(key), payload });
const alice = [{ field: 'label:person', op: '=', value: 'Alice Smith' }];

test('erasure: a dry run counts, the real run deletes only this tenant\'s matching rows, both audited', async () => {
  const dry = await erase({ filters: alice, dryRun: true });
  assert.equal(dry.statusCode, 200, dry.body);
  assert.equal(dry.json().matched.test_results, 1);
  assert.equal(await count('test_results', f.acme.id, "AND labels['person'] = 'Alice Smith'"), 1, 'dry run deletes nothing');
  const real = await erase({ filters: alice });
  assert.equal(real.json().deleted.test_results, 1);
  assert.equal(await count('test_results', f.acme.id, "AND labels['person'] = 'Alice Smith'"), 0);
  assert.equal(await count('test_results', f.acme.id), 6, 'the other rows stay');
  assert.equal(await count('test_results', f.globex.id, "AND labels['person'] = 'Alice Smith'"), 1, 'the other tenant keeps its row');
  await f.t.services.audit.flush();
  const recs = await f.t.services.analytics.query<{ action: string; details: string }>("SELECT action, details FROM audit_log WHERE tenant_id = {t:String} AND action LIKE 'erasure%' ORDER BY at", { t: f.acme.id });
  assert.deepEqual(recs.map((r) => r.action), ['erasure.dry_run', 'erasure']);
  assert.doesNotMatch(recs[1]!.details, /Alice/, 'the audit record keeps fields, not the personal value');
});

test('erasure refuses empty, unknown and hostile filters; non-admins get 403', async () => {
  assert.equal((await erase({ filters: [] })).statusCode, 400);
  assert.equal((await erase({ filters: [{ field: "project'; DROP TABLE test_results; --", op: '=', value: 'x' }] })).statusCode, 400);
  const hostile = await erase({ filters: [{ field: 'project', op: '=', value: "x' OR 1=1 --" }] });
  assert.equal(hostile.statusCode, 200);
  assert.equal(hostile.json().deleted.test_results, 0);
  assert.ok(await count('test_results', f.acme.id) > 0);
  assert.equal((await erase({ filters: alice }, f.acme.keys.query)).statusCode, 403);
});

const rollupTotal = async (tenantId: string, extra = '') =>
  Number((await f.t.services.analytics.query<{ c: string }>(`SELECT sum(total) AS c FROM test_results_hourly WHERE tenant_id = {t:String} ${extra}`, { t: tenantId }))[0]!.c);

test('erasure by test name leaves the hourly rollup consistent with the raw rows', async () => {
  assert.equal(await rollupTotal(f.acme.id, "AND name = 'get user'"), 1);
  const r = await erase({ filters: [{ field: 'test', op: '=', value: 'get user' }] });
  assert.equal(r.json().deleted.test_results, 1);
  assert.equal(await rollupTotal(f.acme.id, "AND name = 'get user'"), 0, 'the name is gone from the rollup too');
  assert.equal(await rollupTotal(f.acme.id), await count('test_results', f.acme.id));
  assert.equal(await rollupTotal(f.globex.id), await count('test_results', f.globex.id), 'the other tenant\'s rollup is untouched');
});

test('erasure by a run field removes the run, its results and nothing else', async () => {
  const r = await erase({ filters: [{ field: 'branch', op: '=', value: 'feature' }] });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().deleted.test_runs, 1);
  assert.equal(await count('test_runs', f.acme.id, "AND branch = 'feature'"), 0);
  assert.equal(await count('test_results', f.acme.id, "AND branch = 'feature'"), 0);
  assert.equal(await count('test_runs', f.acme.id), 2);
});

test('retention: the tenant row and existing rows take the new value', async () => {
  const r = await f.t.app.inject({ method: 'PUT', url: '/api/v1/tenant/retention', headers: bearer(f.acme.keys.admin), payload: { days: 30 } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().retentionDays, 30);
  assert.equal((await f.t.services.tenants.getBySlug('acme')).retentionDays, 30);
  const days = await f.t.services.analytics.query<{ d: number }>('SELECT DISTINCT retention_days AS d FROM test_results WHERE tenant_id = {t:String}', { t: f.acme.id });
  assert.deepEqual(days.map((x) => Number(x.d)), [30]);
  const other = await f.t.services.analytics.query<{ d: number }>('SELECT DISTINCT retention_days AS d FROM test_results WHERE tenant_id = {t:String}', { t: f.globex.id });
  assert.deepEqual(other.map((x) => Number(x.d)), [365]);
  assert.equal((await f.t.app.inject({ method: 'PUT', url: '/api/v1/tenant/retention', headers: bearer(f.acme.keys.admin), payload: { days: 0 } })).statusCode, 400);
});
