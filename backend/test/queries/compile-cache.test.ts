/**
 * The compile cache (queries/compile-cache.ts) and the security version it
 * keys on: repeated queries reuse their compile, while a policy, masking or
 * settings change through the API applies to the very next query.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileCache } from '../../src/queries/compile-cache.ts';
import type { CompileContext, CompiledQuery } from '../../src/query/index.ts';
import { startFixture, query, countBy, bearer, grafanaUser, RANGE, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

/** Counts compiles and cache answers of the app's QueryService. */
class CountingCache extends CompileCache {
  returned: CompiledQuery[] = [];
  override compile(model: unknown, ctx: CompileContext, security: object): CompiledQuery {
    const c = super.compile(model, ctx, security);
    this.returned.push(c);
    return c;
  }
}

const ctx = (over: Partial<CompileContext> = {}): CompileContext => ({
  tenantId: 't1', principal: { kind: 'user', login: 'vic', email: 'vic@example.com', role: 'Viewer' },
  policies: [], maskingRules: [], tenantSettings: { denyByDefault: false, maskingKey: 'k' }, now: new Date('2026-11-20T10:00:00Z'), ...over,
});
const model = { ...countBy('project'), timeRange: RANGE };

test('the same model, principal, security version and day compile once; any of them changing compiles again', () => {
  const cache = new CompileCache();
  const security = {};
  const first = cache.compile(model, ctx(), security);
  assert.equal(cache.compile(structuredClone(model), ctx({ now: new Date('2026-11-20T23:00:00Z') }), security), first);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.params), 'a shared compile cannot be changed by one request');
  assert.notEqual(cache.compile(model, ctx(), {}), first, 'a new security object is a new version');
  assert.notEqual(cache.compile(model, ctx({ principal: { kind: 'user', login: 'eve', email: 'vic@example.com', role: 'Viewer' } }), security), first);
  assert.notEqual(cache.compile(model, ctx({ principal: { kind: 'user', login: 'vic', email: 'vic@example.com', role: 'Admin' } }), security), first);
  assert.notEqual(cache.compile(model, ctx({ tenantId: 't2' }), security), first);
  assert.notEqual(cache.compile(model, ctx({ now: new Date('2026-11-21T00:00:00Z') }), security), first, '${current_date} may differ');
  assert.notEqual(cache.compile({ ...model, refId: 'B' }, ctx(), security), first);
});

test('an unchanged security reload keeps its object (the cache survives refreshes); a change makes a new one', async () => {
  const tenant = await f.t.services.tenants.getById(f.acme.id);
  const before = await f.t.services.security.load(tenant);
  await f.t.services.security.setDenyByDefault(tenant, false); // invalidates, content unchanged
  assert.equal(await f.t.services.security.load(tenant), before);
  await f.t.services.security.setDenyByDefault(tenant, true);
  const denied = await f.t.services.security.load(tenant);
  assert.notEqual(denied, before);
  await f.t.services.security.setDenyByDefault(tenant, false);
});

test('through the API: repeats hit the cache, and policy, masking and settings changes apply to the next query', async () => {
  const counting = new CountingCache();
  f.t.services.queries.compileCache = counting;
  const viewer = grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer');
  const body = { range: RANGE, queries: [countBy('project'), { ...countBy('error_message', 'errors'), refId: 'E' }] };
  const admin = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    f.t.app.inject({ method, url, headers: bearer(f.acme.keys.admin), ...(payload ? { payload } : {}) });
  const ask = async () => {
    const r = await query(f.t, viewer, body);
    assert.equal(r.statusCode, 200, r.body);
    return r.json().results as Record<string, { frames: { data: { values: unknown[][] } }[]; appliedPolicies: string[] }>;
  };

  const open = await ask();
  assert.deepEqual([...open.A!.frames[0]!.data.values[0]!].sort(), ['api', 'web']);
  await ask();
  assert.equal(counting.returned.length, 4);
  assert.equal(counting.returned[2], counting.returned[0], 'the repeat reused the compile');

  const pol = await admin('POST', '/api/v1/policies', { name: 'web only', condition: [{ field: 'project', op: 'in', value: ['web'] }], appliesTo: { roles: ['Viewer'] } });
  assert.equal(pol.statusCode, 201, pol.body);
  const limited = await ask();
  assert.deepEqual(limited.A!.frames[0]!.data.values[0], ['web'], 'the policy applies to the next query');
  assert.deepEqual(limited.A!.appliedPolicies, [pol.json().id]);

  const mask = await admin('POST', '/api/v1/masking-rules', { field: 'error_message', method: 'redact', exemptRoles: ['Admin'] });
  assert.equal(mask.statusCode, 201, mask.body);
  const masked = await query(f.t, viewer, body);
  assert.doesNotMatch(masked.body, /ACME-SECRET/, 'the masking rule applies to the next query');

  assert.equal((await admin('DELETE', `/api/v1/masking-rules/${mask.json().id}`)).statusCode, 204);
  assert.match((await query(f.t, viewer, body)).body, /ACME-SECRET-web/, 'removing the rule applies too');
  assert.equal((await admin('DELETE', `/api/v1/policies/${pol.json().id}`)).statusCode, 204);
  assert.deepEqual([...(await ask()).A!.frames[0]!.data.values[0]!].sort(), ['api', 'web']);

  const deny = await admin('PUT', '/api/v1/security/settings', { denyByDefault: true });
  assert.equal(deny.statusCode, 200, deny.body);
  const none = await ask();
  assert.deepEqual(none.A!.frames[0]!.data.values[0] ?? [], [], 'deny-by-default applies to the next query');
  assert.equal((await admin('PUT', '/api/v1/security/settings', { denyByDefault: false })).statusCode, 200);
  assert.deepEqual([...(await ask()).A!.frames[0]!.data.values[0]!].sort(), ['api', 'web']);
});
