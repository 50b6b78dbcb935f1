import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let acme: Awaited<ReturnType<TestApp['tenant']>>;
let globex: Awaited<ReturnType<TestApp['tenant']>>;
const run = { project: 'p', results: [{ name: 'a', status: 'passed' }] };

before(async () => {
  t = await startTestApp();
  acme = await t.tenant('acme', 2);
  globex = await t.tenant('globex', 3);
});
after(() => t.close());

async function post(headers: Record<string, string>, runId = 'auth-run') {
  return t.app.inject({ method: 'POST', url: '/api/v1/runs', headers, payload: { ...run, runId } });
}

test('missing, malformed and unknown keys are 401 problems with stable codes', async () => {
  for (const [headers, code] of [
    [{}, 'AUTH_MISSING_KEY'],
    [{ authorization: 'Basic abc' }, 'AUTH_INVALID_KEY'],
    [bearer('smt_ingest_' + 'x'.repeat(32)), 'AUTH_INVALID_KEY'],
    [bearer('not-a-key'), 'AUTH_INVALID_KEY'],
  ] as const) {
    const res = await post(headers as Record<string, string>);
    assert.equal(res.statusCode, 401, JSON.stringify(headers));
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, code);
  }
});

test('a revoked key stops working at once', async () => {
  const { key, info } = await t.services.keys.create('acme', 'ingest', 'to revoke');
  assert.equal((await post(bearer(key), 'before-revoke')).statusCode, 201);
  await t.services.keys.revoke('acme', info.id);
  const res = await post(bearer(key), 'after-revoke');
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().code, 'AUTH_KEY_REVOKED');
});

test('key kinds are scopes: ingest keys only write, query keys cannot write', async () => {
  const wrote = await post(bearer(acme.keys.ingest), 'scope-run');
  assert.equal(wrote.statusCode, 201);
  const read = await t.app.inject({ method: 'GET', url: '/api/v1/runs/scope-run', headers: bearer(acme.keys.ingest) });
  assert.equal(read.statusCode, 403);
  assert.equal(read.json().code, 'AUTH_WRONG_KEY_KIND');
  const write = await post(bearer(acme.keys.query), 'scope-run-2');
  assert.equal(write.statusCode, 403);
  assert.equal(write.json().code, 'AUTH_WRONG_KEY_KIND');
  const keys = await t.app.inject({ method: 'GET', url: '/api/v1/keys', headers: bearer(acme.keys.query) });
  assert.equal(keys.statusCode, 403);
});

test("another tenant's run is not found, not forbidden", async () => {
  await post(bearer(acme.keys.ingest), 'private-run');
  const own = await t.app.inject({ method: 'GET', url: '/api/v1/runs/private-run', headers: bearer(acme.keys.query) });
  assert.equal(own.statusCode, 200);
  const other = await t.app.inject({ method: 'GET', url: '/api/v1/runs/private-run', headers: bearer(globex.keys.query) });
  assert.equal(other.statusCode, 404);
  assert.equal(other.json().code, 'NOT_FOUND');
});

test('the same run id in two tenants is two runs', async () => {
  assert.equal((await post(bearer(acme.keys.ingest), 'shared-id')).json().status, 'stored');
  assert.equal((await post(bearer(globex.keys.ingest), 'shared-id')).json().status, 'stored');
});

test('forwarded identity: only grafana keys, only for the mapped org', async () => {
  const whoami = (key: string, extra: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: { ...bearer(key), ...extra } });
  const spoof = { 'x-grafana-org-id': '2', 'x-grafana-user': 'alice', 'x-grafana-role': 'Admin' };
  const onQueryKey = await whoami(acme.keys.query, spoof);
  assert.equal(onQueryKey.statusCode, 403);
  assert.equal(onQueryKey.json().code, 'AUTH_IDENTITY_NOT_ALLOWED');
  const wrongOrg = await whoami(acme.keys.grafana, { ...spoof, 'x-grafana-org-id': '3' });
  assert.equal(wrongOrg.statusCode, 403);
  assert.equal(wrongOrg.json().code, 'AUTH_ORG_MISMATCH');
  const ok = await whoami(acme.keys.grafana, spoof);
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().principal, { kind: 'user', login: 'alice', email: '', role: 'Admin' });
  const alert = await whoami(acme.keys.grafana, { 'x-grafana-org-id': '2', 'x-semantest-principal': 'service' });
  assert.deepEqual(alert.json().principal, { kind: 'service', reason: 'alerting' });
});

test('keys API: create shows the secret once, list never does, revoke works; last use is recorded', async () => {
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/keys', headers: bearer(acme.keys.admin), payload: { kind: 'query', name: 'ci' } });
  assert.equal(created.statusCode, 201);
  const { key, id } = created.json();
  assert.match(key, /^smt_query_[0-9A-Za-z]{32}$/);
  const listed = await t.app.inject({ method: 'GET', url: '/api/v1/keys', headers: bearer(acme.keys.admin) });
  assert.ok(!listed.body.includes(key), 'secrets never appear in listings');
  const stored = await t.services.metadata.query<{ secret_hash: string }>('SELECT secret_hash FROM api_keys WHERE id = $1', [id]);
  assert.notEqual(stored[0]!.secret_hash, key);
  assert.equal(stored[0]!.secret_hash.length, 64);
  await t.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: bearer(key) });
  const lastUsed = await t.services.metadata.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_keys WHERE id = $1', [id]);
  assert.ok(lastUsed[0]!.last_used_at, 'last_used_at recorded');
  const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/keys/${id}`, headers: bearer(acme.keys.admin) });
  assert.equal(revoked.statusCode, 200);
  assert.ok(revoked.json().revokedAt);
  const otherTenant = await t.app.inject({ method: 'DELETE', url: `/api/v1/keys/${id}`, headers: bearer(globex.keys.admin) });
  assert.equal(otherTenant.statusCode, 404);
});
