/**
 * GET /api/v1/clusters runs hand-written SQL (tenant predicate only). It used
 * to answer every caller, ignoring row policies and masking; the raw-read
 * guard (security/raw-read-guard.ts) now refuses callers the compiler would
 * restrict, and audits the refusal.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, bearer, grafanaUser, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

const CLUSTERS = '/api/v1/clusters?project=web&from=2026-11-19T00:00:00Z&to=2026-11-23T00:00:00Z';
const clusters = (headers: Record<string, string>) => f.t.app.inject({ method: 'GET', url: CLUSTERS, headers });
const admin = (method: 'POST' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  f.t.app.inject({ method, url, headers: bearer(f.acme.keys.admin), ...(payload ? { payload } : {}) });

test('clusters answer unrestricted callers, and refuse (audited) callers under a row policy or a mask', async () => {
  const open = await clusters(bearer(f.acme.keys.query));
  assert.equal(open.statusCode, 200, open.body);
  assert.match(open.body, /ACME-SECRET-web/, 'no policy, no mask: the raw samples are this caller\'s to see');

  const pol = await admin('POST', '/api/v1/policies', { name: 'api only', condition: [{ field: 'project', op: 'in', value: ['api'] }], appliesTo: { roles: ['Viewer'] } });
  assert.equal(pol.statusCode, 201, pol.body);
  const limited = await clusters(bearer(f.acme.keys.query)); // the query key acts as the Viewer service principal
  assert.equal(limited.statusCode, 403, limited.body);
  assert.equal(limited.json().code, 'FORBIDDEN');
  assert.doesNotMatch(limited.body, /ACME-SECRET/);
  assert.equal((await clusters(bearer(f.acme.keys.admin))).statusCode, 200, 'the policy does not apply to Admins');
  assert.equal((await admin('DELETE', `/api/v1/policies/${pol.json().id}`)).statusCode, 204);

  const mask = await admin('POST', '/api/v1/masking-rules', { field: 'error_message', method: 'redact', exemptRoles: ['Admin'] });
  assert.equal(mask.statusCode, 201, mask.body);
  const viewer = await clusters(grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer'));
  assert.equal(viewer.statusCode, 403, viewer.body);
  assert.doesNotMatch(viewer.body, /ACME-SECRET/);
  const exempt = await clusters(grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin'));
  assert.equal(exempt.statusCode, 200, exempt.body);
  assert.match(exempt.body, /ACME-SECRET-web/);
  assert.equal((await admin('DELETE', `/api/v1/masking-rules/${mask.json().id}`)).statusCode, 204);
  assert.equal((await clusters(grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer'))).statusCode, 200, 'rule gone: answered again');

  await f.t.services.audit.flush();
  const audit = await f.t.app.inject({ method: 'GET', url: '/api/v1/audit?action=security_violation&limit=100', headers: bearer(f.acme.keys.admin) });
  const refusals = (audit.json().records as { resource: string; actor: string; details: { restrictedBy?: string[] } }[]).filter((r) => r.resource === 'GET /api/v1/clusters');
  assert.equal(refusals.length, 2, 'each refusal is one audit record');
  const actors = refusals.map((r) => r.actor).sort();
  assert.match(actors[0]!, /^key:/);
  assert.equal(actors[1], 'vic');
  assert.ok(refusals.every((r) => (r.details.restrictedBy ?? []).length > 0));
});

/** The other hand-written intelligence reads: each answers an unrestricted caller and refuses a restricted one. */
const RAW_ROUTES: { method: 'GET' | 'POST'; url: string; payload?: Record<string, unknown> }[] = [
  { method: 'POST', url: '/api/v1/diff', payload: { project: 'web', before: { from: '2026-11-19T00:00:00Z', to: '2026-11-21T00:00:00Z' }, after: { from: '2026-11-21T00:00:00Z', to: '2026-11-23T00:00:00Z' } } },
  { method: 'POST', url: '/api/v1/regressions', payload: { project: 'web', level: 'test', baseline: { from: '2026-11-19T00:00:00Z', to: '2026-11-21T00:00:00Z' }, current: { from: '2026-11-21T00:00:00Z', to: '2026-11-23T00:00:00Z' } } },
  { method: 'GET', url: '/api/v1/tests/states?project=web' },
  { method: 'POST', url: '/api/v1/monitors/preview', payload: { project: 'web', from: '2026-11-19T00:00:00Z', asOf: '2026-11-23T00:00:00Z' } },
];

test('diff, regressions, test states and monitor preview refuse callers under a row policy, answer the others', async () => {
  const call = (key: string, r: (typeof RAW_ROUTES)[number]) =>
    f.t.app.inject({ method: r.method, url: r.url, headers: bearer(key), ...(r.payload ? { payload: r.payload } : {}) });
  for (const r of RAW_ROUTES) assert.equal((await call(f.acme.keys.query, r)).statusCode, 200, `${r.url} unrestricted`);
  const pol = await admin('POST', '/api/v1/policies', { name: 'web hidden', condition: [{ field: 'project', op: '!=', value: 'web' }], appliesTo: { roles: ['Viewer'] } });
  assert.equal(pol.statusCode, 201, pol.body);
  try {
    for (const r of RAW_ROUTES) {
      const res = await call(f.acme.keys.query, r);
      assert.equal(res.statusCode, 403, `${r.url}: ${res.body}`);
      assert.equal(res.json().code, 'FORBIDDEN');
      assert.equal((await call(f.acme.keys.admin, r)).statusCode, 200, `${r.url}: the policy does not apply to Admins`);
    }
  } finally {
    assert.equal((await admin('DELETE', `/api/v1/policies/${pol.json().id}`)).statusCode, 204);
  }
});
