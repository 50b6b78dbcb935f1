import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, query, countBy, bearer, grafanaUser, RANGE, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

const adminPost = (url: string, payload: Record<string, unknown>, key = f.acme.keys.admin) => f.t.app.inject({ method: 'POST', url, headers: bearer(key), payload });
async function auditRecords(action?: string, key = f.acme.keys.admin) {
  const r = await f.t.app.inject({ method: 'GET', url: `/api/v1/audit?limit=1000${action ? `&action=${action}` : ''}`, headers: bearer(key) });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().records as { action: string; actor: string; risk: string; outcome: string; resource: string; details: Record<string, unknown>; tenant_id: string }[];
}

test('isolation: tenant B never sees tenant A rows through query, values, annotations, preview', async () => {
  const body = { range: RANGE, queries: [countBy('project'), { ...countBy('error_message', 'errors'), refId: 'E' }] };
  const r = await query(f.t, bearer(f.globex.keys.admin), body);
  assert.doesNotMatch(r.body, /ACME|"web"|"api"/);
  const vals = await f.t.app.inject({ method: 'GET', url: '/api/v1/values/error_message', headers: bearer(f.globex.keys.query) });
  assert.deepEqual(vals.json().values, ['GLOBEX-SECRET-1']);
  const ann = await adminPost('/api/v1/annotations', { kind: 'new_failures', range: RANGE }, f.globex.keys.query);
  assert.doesNotMatch(ann.body, /ACME|login/);
  const prev = await adminPost('/api/v1/policies/preview', { user: { login: 'x', role: 'Admin' }, query: countBy('project') }, f.globex.keys.admin);
  assert.equal(prev.statusCode, 200, prev.body);
  assert.doesNotMatch(prev.body, /"web"|"api"/);
});

test('policies and masking end to end: a Viewer limited to web never sees raw masked messages', async () => {
  const pol = await adminPost('/api/v1/policies', { name: 'web only for viewers', condition: [{ field: 'project', op: 'in', value: ['web'] }], appliesTo: { roles: ['Viewer'] } });
  assert.equal(pol.statusCode, 201, pol.body);
  const mask = await adminPost('/api/v1/masking-rules', { field: 'error_message', method: 'hash', exemptRoles: ['Admin'] });
  assert.equal(mask.statusCode, 201, mask.body);
  const viewer = grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer');
  const r = await query(f.t, viewer, { range: RANGE, queries: [countBy('project'), { ...countBy('error_message', 'errors'), refId: 'E' }, { refId: 'F', version: 1, dataset: 'errors', metrics: [{ fn: 'count' }], filters: [{ field: 'error_message', op: 'contains', value: 'SECRET' }], shape: 'single' }] });
  const res = r.json().results;
  assert.deepEqual(res.A.frames[0].data.values[0], ['web']);
  assert.deepEqual(res.A.appliedPolicies, [pol.json().id]);
  assert.doesNotMatch(r.body, /SECRET|token=abc/, 'masked values never appear raw');
  assert.equal(Number(res.F.frames[0].data.values[0][0]), 0, 'filtering on a masked field applies to the masked value');
  const vals = await f.t.app.inject({ method: 'GET', url: '/api/v1/values/error_message?q=SECRET', headers: viewer });
  assert.deepEqual(vals.json().values, []);
  const all = await f.t.app.inject({ method: 'GET', url: '/api/v1/values/error_message', headers: viewer });
  assert.equal(all.json().values.length, 2, 'two web error messages, hashed');
  assert.doesNotMatch(all.body, /SECRET/);
  const bad = await query(f.t, viewer, { queries: [{ refId: 'X', version: 1, dataset: 'errors', metrics: [{ fn: 'count' }], filters: [{ field: 'error_message', op: 'regex', value: 'ACME-SECRET(' }], shape: 'table' }] });
  assert.doesNotMatch(bad.body, /SECRET-web|token=abc/);
  // An Admin (exempt) sees raw values; preview shows what the Viewer would see.
  const admin = await query(f.t, grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin'), { range: RANGE, queries: [{ ...countBy('error_message', 'errors'), refId: 'E' }] });
  assert.match(admin.body, /ACME-SECRET-api-2/);
  const prev = await adminPost('/api/v1/policies/preview', { user: { login: 'vic', role: 'Viewer' }, query: countBy('project') });
  assert.deepEqual(prev.json().frames[0].data.values[0], ['web']);
  assert.deepEqual(prev.json().appliedPolicies, [pol.json().id]);
  // Clean up for the other tests of this file.
  assert.equal((await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${pol.json().id}`, headers: bearer(f.acme.keys.admin) })).statusCode, 204);
  assert.equal((await f.t.app.inject({ method: 'DELETE', url: `/api/v1/masking-rules/${mask.json().id}`, headers: bearer(f.acme.keys.admin) })).statusCode, 204);
  const changes = (await auditRecords()).filter((x) => x.action.startsWith('policy.') || x.action.startsWith('masking.'));
  assert.deepEqual(changes.map((x) => x.action).sort(), ['masking.create', 'masking.delete', 'policy.create', 'policy.delete', 'policy.preview']);
});

test('policy CRUD validates and updates', async () => {
  const bad = await adminPost('/api/v1/policies', { name: 'bad', condition: [{ field: 'nope', op: '=', value: 'x' }], appliesTo: { everyone: true } });
  assert.equal(bad.statusCode, 400);
  const ok = await adminPost('/api/v1/policies', { name: 'p1', condition: [], appliesTo: { everyone: true } });
  const id = ok.json().id;
  const put = await f.t.app.inject({ method: 'PUT', url: `/api/v1/policies/${id}`, headers: bearer(f.acme.keys.admin), payload: { name: 'p1 renamed', condition: [], appliesTo: { everyone: true } } });
  assert.equal(put.json().name, 'p1 renamed');
  const list = await f.t.app.inject({ method: 'GET', url: '/api/v1/policies', headers: bearer(f.acme.keys.admin) });
  assert.deepEqual(list.json().policies.map((p: { name: string }) => p.name), ['p1 renamed']);
  const otherTenant = await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${id}`, headers: bearer(f.globex.keys.admin) });
  assert.equal(otherTenant.statusCode, 404);
  await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${id}`, headers: bearer(f.acme.keys.admin) });
});

test('identity: spoofed org, forwarded identity on a non-grafana key, revoked key', async () => {
  const body = { queries: [countBy('project')] };
  const spoof = await query(f.t, grafanaUser(f.acme.keys.grafana, 3, 'mallory', 'Admin'), body);
  assert.equal(spoof.statusCode, 403);
  assert.equal(spoof.json().code, 'AUTH_ORG_MISMATCH');
  const onQueryKey = await query(f.t, { ...grafanaUser(f.acme.keys.query, 2, 'mallory', 'Admin') }, body);
  assert.equal(onQueryKey.statusCode, 403);
  assert.equal(onQueryKey.json().code, 'AUTH_IDENTITY_NOT_ALLOWED');
  const { key, info } = await f.t.services.keys.create('acme', 'query', 'to revoke');
  await f.t.services.keys.revoke('acme', info.id);
  const revoked = await query(f.t, bearer(key), body);
  assert.equal(revoked.statusCode, 401);
  assert.equal(revoked.json().code, 'AUTH_KEY_REVOKED');
  const wrongKind = await query(f.t, bearer(f.acme.keys.ingest), body);
  assert.equal(wrongKind.json().code, 'AUTH_WRONG_KEY_KIND');
  const violations = await auditRecords('security_violation');
  const codes = violations.map((v) => v.details.code);
  for (const c of ['AUTH_ORG_MISMATCH', 'AUTH_IDENTITY_NOT_ALLOWED', 'AUTH_WRONG_KEY_KIND']) assert.ok(codes.includes(c), `${c} audited: ${codes.join(',')}`);
  assert.ok(violations.every((v) => v.risk === 'high' && v.outcome === 'denied'));
  const spoofRec = violations.find((v) => v.details.code === 'AUTH_ORG_MISMATCH')!;
  assert.equal(spoofRec.details.forwardedUser, 'mallory');
});

test('permissions: Viewers and query keys may not administer; refusals are 403 FORBIDDEN and audited', async () => {
  const viewer = grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer');
  for (const [method, url] of [['GET', '/api/v1/policies'], ['GET', '/api/v1/audit'], ['PUT', '/api/v1/tenant/retention']] as const) {
    const r = await f.t.app.inject({ method, url, headers: viewer, ...(method === 'PUT' ? { payload: { days: 30 } } : {}) });
    assert.equal(r.statusCode, 403, `${method} ${url}`);
    assert.equal(r.json().code, 'FORBIDDEN');
  }
  const q = await f.t.app.inject({ method: 'POST', url: '/api/v1/masking-rules', headers: bearer(f.acme.keys.query), payload: { field: 'stdout', method: 'redact' } });
  assert.equal(q.statusCode, 403);
  const editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
  assert.equal((await f.t.app.inject({ method: 'GET', url: '/api/v1/masking-rules', headers: editor })).statusCode, 403);
  const refused = (await auditRecords('security_violation')).filter((v) => v.details.code === 'FORBIDDEN');
  assert.ok(refused.length >= 5, `refusals audited once each: ${refused.length}`);
  assert.ok(refused.some((v) => v.actor === 'vic' && v.details.operation === 'admin'));
});

test('security settings: service principal role and deny-by-default', async () => {
  const put = (payload: Record<string, unknown>) => f.t.app.inject({ method: 'PUT', url: '/api/v1/security/settings', headers: bearer(f.acme.keys.admin), payload });
  const pol = await adminPost('/api/v1/policies', { name: 'editors see api', condition: [{ field: 'project', op: '=', value: 'api' }], appliesTo: { roles: ['Editor'] } });
  const service = bearer(f.acme.keys.query);
  const projects = async () => [...((await query(f.t, service, { queries: [countBy('project')] })).json().results.A.frames[0]?.data.values[0] ?? [])].sort();
  assert.deepEqual(await projects(), ['api', 'web'], 'Viewer service principal: no policy applies, deny-by-default off');
  assert.equal((await put({ servicePrincipalRole: 'Editor' })).statusCode, 200);
  assert.deepEqual(await projects(), ['api']);
  await put({ servicePrincipalRole: 'Viewer', denyByDefault: true });
  assert.deepEqual(await projects(), []);
  const r = await put({ denyByDefault: false, permissions: { 'report.write': 'Viewer' } });
  assert.equal(r.json().permissions['report.write'], 'Viewer');
  assert.equal(r.json().permissions.admin, 'Admin');
  assert.equal((await put({ permissions: { admin: 'Viewer' } })).statusCode, 400, 'admin cannot be lowered');
  await put({ permissions: { 'report.write': 'Editor' } });
  await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${pol.json().id}`, headers: bearer(f.acme.keys.admin) });
});

test('every query is audited with who, dataset, rows and policies; Admins read the audit dataset', async () => {
  await query(f.t, grafanaUser(f.acme.keys.grafana, 2, 'auditee', 'Viewer'), { queries: [countBy('project')] });
  const recs = (await auditRecords('query')).filter((r) => r.actor === 'auditee');
  assert.equal(recs.length, 1);
  assert.equal(recs[0]!.resource, 'results');
  assert.equal(recs[0]!.details.rows, 2);
  assert.ok(Array.isArray(recs[0]!.details.appliedPolicies));
  assert.equal(typeof recs[0]!.details.durationMs, 'number');
  assert.ok((await auditRecords(undefined, f.globex.keys.admin)).every((r) => r.tenant_id === f.globex.id), 'audit API is tenant-scoped');
  await f.t.services.audit.flush();
  const asDataset = await query(f.t, bearer(f.acme.keys.admin), { queries: [{ refId: 'A', version: 1, dataset: 'audit', metrics: [{ fn: 'count' }], groupBy: ['actor'], filters: [{ field: 'actor', op: '=', value: 'auditee' }], shape: 'table' }] });
  const a = asDataset.json().results.A;
  assert.equal(a.status, 200, JSON.stringify(a.error));
  assert.deepEqual(a.frames[0].data.values[0], ['auditee']);
});

test('masking tokens resolve only for exempt roles, audited', async () => {
  const rule = await adminPost('/api/v1/masking-rules', { field: 'error_message', method: 'tokenize', exemptRoles: ['Admin'] });
  assert.equal(rule.statusCode, 201, rule.body);
  const viewer = grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer');
  const r = await query(f.t, viewer, { queries: [{ ...countBy('error_message', 'errors'), filters: [{ field: 'project', op: '=', value: 'api' }] }] });
  const token = r.json().results.A.frames[0].data.values[0][0] as string;
  assert.doesNotMatch(token, /SECRET/);
  const asViewer = await f.t.app.inject({ method: 'POST', url: '/api/v1/masking/resolve-token', headers: viewer, payload: { token, field: 'error_message' } });
  assert.equal(asViewer.statusCode, 403);
  assert.equal(asViewer.json().code, 'MASK_TOKEN_FORBIDDEN');
  const asAdmin = await f.t.app.inject({ method: 'POST', url: '/api/v1/masking/resolve-token', headers: bearer(f.acme.keys.admin), payload: { token, field: 'error_message' } });
  assert.equal(asAdmin.json().value, 'ACME-SECRET-api-2');
  const otherTenant = await f.t.app.inject({ method: 'POST', url: '/api/v1/masking/resolve-token', headers: bearer(f.globex.keys.admin), payload: { token, field: 'error_message' } });
  assert.equal(otherTenant.statusCode, 400, 'globex has no such rule / key');
  assert.equal((await auditRecords('masking.resolve_token')).length, 1);
  await f.t.app.inject({ method: 'DELETE', url: `/api/v1/masking-rules/${rule.json().id}`, headers: bearer(f.acme.keys.admin) });
});
