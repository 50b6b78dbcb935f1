/**
 * The operator API on a real app (chDB + PGlite): refused without the
 * configured token, idempotent create-or-update, key create/import/revoke,
 * audit records written for changes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ConfigError, loadConfig } from '../../src/config/load.ts';

const TOKEN = 'op-test-token-0123456789abcdefghij';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('operator API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({}, { SEMANTEST_OPERATOR_TOKEN: TOKEN });
  });
  after(() => t.close());

  it('refuses requests without the token, with a wrong token, and with a tenant admin key', async () => {
    const { keys } = await t.tenant('other', 40);
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789abcdefghijkl' }, { authorization: `Bearer ${keys.admin}` }]) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers, payload: {} });
      assert.equal(res.statusCode, 401);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(res.json().code, 'AUTH_INVALID_OPERATOR_TOKEN');
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/operator/tenants/other/keys' });
    assert.equal(list.statusCode, 401);
    assert.equal((await t.services.tenants.list()).some((x) => x.slug === 'acme'), false, 'nothing was created');
  });

  it('creates a tenant once; the same PUT again changes nothing; a change is applied', async () => {
    const first = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: { name: 'Acme', grafanaOrgId: 7 } });
    assert.equal(first.statusCode, 201);
    assert.equal(first.json().created, true);
    assert.equal(first.json().tenant.grafanaOrgId, 7);
    const again = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: { name: 'Acme', grafanaOrgId: 7 } });
    assert.equal(again.statusCode, 200);
    assert.deepEqual({ created: again.json().created, changed: again.json().changed }, { created: false, changed: false });
    assert.deepEqual(again.json().tenant, first.json().tenant);
    const unmapped = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: { grafanaOrgId: null } });
    assert.equal(unmapped.json().tenant.grafanaOrgId, null);
    assert.equal(unmapped.json().changed, true);
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/operator/tenants/acme', headers: auth });
    assert.equal(read.json().tenant.name, 'Acme');
  });

  it('validates input and refuses mapping an org that another tenant holds', async () => {
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/Not_A_Slug', headers: auth, payload: {} });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'VALIDATION_FAILED');
    const badOrg = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: { grafanaOrgId: 0 } });
    assert.equal(badOrg.json().code, 'VALIDATION_FAILED');
    const extra = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: { grafanaOrgID: 3 } });
    assert.equal(extra.json().code, 'VALIDATION_FAILED');
    const taken = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: { grafanaOrgId: 40 } });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().code, 'TENANT_EXISTS');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/operator/tenants/nobody', headers: auth });
    assert.equal(missing.json().code, 'TENANT_NOT_FOUND');
  });

  it('creates a key whose secret authenticates, imports a given secret idempotently, and revokes', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/operator/tenants/acme/keys', headers: auth, payload: { kind: 'grafana', name: 'ds' } });
    assert.equal(created.statusCode, 201);
    const { key, info } = created.json();
    assert.equal((await t.services.keys.authenticate(key)).tenant.slug, 'acme');

    const secret = 'smt_grafana_ImportedImportedImportedImported';
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/operator/tenants/acme/keys', headers: auth, payload: { kind: 'grafana', name: 'env', secret } });
    assert.equal(imported.statusCode, 201);
    assert.equal(imported.json().key, undefined, 'an imported secret is never echoed');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/operator/tenants/acme/keys', headers: auth, payload: { kind: 'grafana', name: 'env', secret } });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().info.id, imported.json().info.id);
    assert.equal((await t.services.keys.authenticate(secret)).key.id, imported.json().info.id);
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/operator/tenants/other/keys', headers: auth, payload: { kind: 'grafana', secret } });
    assert.equal(elsewhere.statusCode, 409);
    assert.equal(elsewhere.json().code, 'KEY_CONFLICT');
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/operator/tenants/acme/keys', headers: auth, payload: { kind: 'grafana', secret: 'smt_ingest_ImportedImportedImportedImported' } });
    assert.equal(malformed.json().code, 'VALIDATION_FAILED');

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/operator/tenants/acme/keys/${info.id}`, headers: auth });
    assert.ok(revoked.json().key.revokedAt);
    await assert.rejects(t.services.keys.authenticate(key), /revoked/);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/operator/tenants/acme/keys', headers: auth });
    assert.deepEqual(list.json().keys.map((k: { name: string; revokedAt: string | null }) => [k.name, k.revokedAt !== null]), [['ds', true], ['env', false]]);
    assert.doesNotMatch(list.body, /smt_grafana_[0-9A-Za-z]{32}/);
  });

  it('records every change in the audit log as the operator', async () => {
    await t.services.audit.flush();
    const rows = await t.services.analytics.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE actor = 'operator' ORDER BY at",
    );
    const actions = rows.map((r) => r.action);
    for (const a of ['tenant.create', 'tenant.update', 'key.create', 'key.import', 'key.revoke']) assert.ok(actions.includes(a), `${a} in ${actions}`);
    assert.equal(actions.filter((a) => a === 'key.import').length, 1, 'the idempotent repeat is not a second change');
  });
});

describe('operator API without SEMANTEST_OPERATOR_TOKEN', () => {
  it('is disabled, whatever the caller sends', async () => {
    const t = await startTestApp();
    try {
      const res = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/tenants/acme', headers: auth, payload: {} });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'OPERATOR_API_DISABLED');
    } finally {
      await t.close();
    }
  });
});

describe('SEMANTEST_OPERATOR_TOKEN at boot', () => {
  it('refuses a short or whitespace-bearing token, naming the setting; unset means off', () => {
    for (const bad of ['short', 'has spaces in it but is long enough ok']) {
      assert.throws(() => loadConfig({ SEMANTEST_OPERATOR_TOKEN: bad }), (err: unknown) => err instanceof ConfigError && /operatorToken/.test(err.message));
    }
    assert.equal(loadConfig({}).operatorToken, undefined);
    assert.equal(loadConfig({ SEMANTEST_OPERATOR_TOKEN: TOKEN }).operatorToken, TOKEN);
  });
});
