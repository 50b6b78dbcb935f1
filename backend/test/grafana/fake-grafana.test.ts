/**
 * The fake Grafana itself: it must refuse what Grafana refuses, or the
 * provisioning tests prove nothing. Unknown requests, org-scoped calls
 * without X-Grafana-Org-Id and bodies that break the documented contract are
 * recorded as violations (which the provisioning tests assert are absent).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGrafana, type FakeGrafana } from './fake-grafana.ts';

describe('fake Grafana', () => {
  let g: FakeGrafana;
  const admin = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = admin) => {
    const res = await fetch(`${g.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  before(async () => {
    g = await startFakeGrafana({ tokens: { 'glsa_org1': 1 } });
  });
  after(() => g.close());

  it('records an unexpected request and answers 404', async () => {
    const r = await call('GET', '/api/no-such-thing');
    assert.equal(r.status, 404);
    assert.deepEqual(g.violations.splice(0), ['unexpected request GET /api/no-such-thing']);
    await call('PATCH', '/api/orgs/1');
    assert.equal(g.violations.splice(0).length, 1, 'a known path with an undocumented method is unexpected too');
  });

  it('answers 401 to wrong credentials, 403 to a token on server-admin routes', async () => {
    assert.equal((await call('GET', '/api/user', undefined, { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` })).status, 401);
    assert.equal((await call('GET', '/api/user', undefined, {})).status, 401);
    assert.equal((await call('POST', '/api/orgs', { name: 'x' }, { authorization: 'Bearer glsa_org1', 'content-type': 'application/json' })).status, 403);
    assert.deepEqual(g.violations, []);
  });

  it('creates orgs like Grafana: id in the answer, 409 on a taken name, 404 by unknown name', async () => {
    const r = await call('POST', '/api/orgs', { name: 'acme' });
    assert.deepEqual(r, { status: 200, body: { message: 'Organization created', orgId: 2 } });
    assert.equal((await call('POST', '/api/orgs', { name: 'ACME' })).status, 409);
    assert.equal((await call('GET', '/api/orgs/name/acme')).body.id, 2);
    assert.equal((await call('GET', '/api/orgs/name/nobody')).status, 404);
    assert.deepEqual(g.violations, []);
  });

  it('flags org-scoped calls without X-Grafana-Org-Id', async () => {
    await call('GET', '/api/datasources/uid/semantest');
    assert.match(g.violations.splice(0)[0]!, /without X-Grafana-Org-Id/);
  });

  it('refuses bodies that break the contract: missing fields, wrong types, unknown fields', async () => {
    const org = { ...admin, 'x-grafana-org-id': '2' };
    assert.equal((await call('POST', '/api/datasources', { name: 'S', type: 'semantest-analytics-datasource' }, org)).status, 400);
    assert.equal((await call('POST', '/api/datasources', { name: 'S', type: 'semantest-analytics-datasource', access: 'proxy', secureJsonData: { apiKey: 1 } }, org)).status, 400);
    assert.equal((await call('POST', '/api/folders', { uid: 'semantest', title: 'S', colour: 'red' }, org)).status, 400);
    assert.equal((await call('POST', '/api/v1/provisioning/alert-rules', { title: 'x' }, org)).status, 400);
    assert.equal(g.violations.splice(0).length, 4);
  });

  it('keeps state per org and behaves like Grafana on conflicts and read-only objects', async () => {
    const org2 = { ...admin, 'x-grafana-org-id': '2' };
    const body = { name: 'Semantest', type: 'semantest-analytics-datasource', uid: 'semantest', access: 'proxy', jsonData: {}, secureJsonData: { apiKey: 'k' } };
    assert.equal((await call('POST', '/api/datasources', body, org2)).status, 200);
    assert.equal((await call('POST', '/api/datasources', body, org2)).status, 409);
    assert.equal((await call('GET', '/api/datasources/uid/semantest', undefined, { ...admin, 'x-grafana-org-id': '1' })).status, 404, 'org 1 does not see org 2');
    const got = await call('GET', '/api/datasources/uid/semantest', undefined, org2);
    assert.equal(got.body.secureJsonData, undefined, 'secure values are never returned');
    assert.deepEqual(got.body.secureJsonFields, { apiKey: true });
    g.orgs.get(2)!.datasources.get('semantest')!.readOnly = true;
    assert.equal((await call('PUT', '/api/datasources/uid/semantest', body, org2)).status, 403);
    assert.equal((await call('POST', '/api/dashboards/db', { dashboard: { title: 'D', uid: 'd' }, folderUid: 'missing' }, org2)).status, 400);
    assert.equal((await call('POST', '/api/dashboards/db', { dashboard: { title: 'D', uid: 'd' } }, org2)).status, 200);
    assert.equal((await call('POST', '/api/dashboards/db', { dashboard: { title: 'D', uid: 'd' } }, org2)).status, 412, 'no overwrite: version-mismatch');
    assert.equal((await call('PUT', '/api/v1/provisioning/policies', { receiver: 'nobody' }, org2)).status, 400, 'unknown receiver');
    assert.deepEqual(g.violations, []);
  });
});
