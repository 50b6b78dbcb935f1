/**
 * The render cache (SEMANTEST_REPORT_CACHE_TTL_MS): the same report for the
 * same principal within the TTL reuses the earlier run's data and files; a
 * different principal or a policy change never does. Real chDB + PGlite.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, definition, grafanaUser, startFixture } from './helpers.ts';
import type { Fixture } from '../queries/fixture.ts';
import { cacheKey } from '../../src/reports/scheduler/render-cache.ts';
import type { CompileContext, RowPolicy } from '../../src/query/index.ts';

let f: Fixture;
let admin: Record<string, string>;
before(async () => {
  f = await startFixture({ SEMANTEST_REPORT_CACHE_TTL_MS: '600000' });
  admin = grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin');
});
after(() => f.t.close());

const at = (iso: string) => new Date(iso);

test('same report, same principal, within the TTL: served from the cache; a new principal or a policy change is not', async () => {
  const reports = f.t.services.reports;
  assert.equal(reports.cache.ttlMs, 600_000, 'the TTL comes from the configuration');
  const body = definition({ formats: ['csv', 'xlsx'], runAs: { kind: 'user', login: 'alice', role: 'Viewer' } });
  const c = await api(f.t, 'POST', '/api/v1/reports', admin, body);
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id;
  const run = async (now: string) => reports.runner.run(await reports.store.require(f.acme.id, id), { kind: 'manual' }, at(now));

  const first = await run('2026-12-05T10:00:00Z');
  assert.equal(first.status, 'succeeded', first.error ?? '');
  assert.equal(first.cachedFrom, null);
  const second = await run('2026-12-05T10:09:00Z');
  assert.equal(second.status, 'succeeded', second.error ?? '');
  assert.equal(second.cachedFrom, first.id, 'served from the cache');
  assert.deepEqual(second.rowCounts, first.rowCounts);
  assert.equal(second.files?.length, first.files?.length);
  for (const [i, file] of (second.files ?? []).entries()) {
    assert.ok(file.path.includes(second.id), 'the run has its own files');
    assert.ok(readFileSync(file.path).equals(readFileSync(first.files![i]!.path)), 'byte-identical to the cached ones');
  }
  const expired = await run('2026-12-05T10:10:01Z');
  assert.equal(expired.cachedFrom, null, 'after the TTL the report is generated again');

  // Another principal (bob) never gets alice's entry, though the definition is otherwise the same.
  const asBob = await api(f.t, 'PUT', `/api/v1/reports/${id}`, admin, { ...body, runAs: { kind: 'user', login: 'bob', role: 'Viewer' } });
  assert.equal(asBob.statusCode, 200, asBob.body);
  const bob = await run('2026-12-05T10:11:00Z');
  assert.equal(bob.cachedFrom, null);
  await api(f.t, 'PUT', `/api/v1/reports/${id}`, admin, body);
  assert.equal((await run('2026-12-05T10:12:00Z')).cachedFrom, expired.id, "alice's entry is still hers");

  // A policy change on alice invalidates: the next run is generated again and narrower.
  const policy = await api(f.t, 'POST', '/api/v1/policies', admin, {
    name: 'alice-web-cache',
    condition: [{ field: 'project', op: '=', value: 'web' }],
    appliesTo: { users: ['alice'] },
  });
  assert.ok(policy.statusCode < 300, policy.body);
  const narrowed = await run('2026-12-05T10:13:00Z');
  assert.equal(narrowed.cachedFrom, null, 'the policy change yields a new key');
  assert.deepEqual(narrowed.rowCounts?.[1], 1, 'alice now sees only project web');
  assert.deepEqual(first.rowCounts?.[1], 2);
  // Bob is unaffected by alice's policy; his entry is still valid.
  await api(f.t, 'PUT', `/api/v1/reports/${id}`, admin, { ...body, runAs: { kind: 'user', login: 'bob', role: 'Viewer' } });
  assert.equal((await run('2026-12-05T10:14:00Z')).cachedFrom, bob.id);
});

test('the key hashes the policies that apply to the principal, and nothing else of the principal is shared', async () => {
  const report = { id: 'r1', definition: { name: 'n', queries: [], timeRange: { last: '7d', timezone: 'UTC' }, formats: ['csv'] } } as never;
  const policy = (users: string[], value: string): RowPolicy =>
    ({ id: value, name: value, condition: [{ field: 'project', op: '=', value }], appliesTo: { users } }) as unknown as RowPolicy;
  const ctx = (login: string, policies: RowPolicy[]): CompileContext =>
    ({
      tenantId: 't',
      principal: { kind: 'user', login, role: 'Viewer' },
      policies,
      maskingRules: [],
      tenantSettings: { denyByDefault: false, maskingKey: 'k' },
      now: new Date(),
    }) as CompileContext;
  const base = cacheKey(report, 'acme', ctx('alice', [policy(['alice'], 'web')]));
  assert.notEqual(base, cacheKey(report, 'acme', ctx('bob', [policy(['alice'], 'web')])), 'another principal');
  assert.notEqual(base, cacheKey(report, 'acme', ctx('alice', [policy(['alice'], 'api')])), 'a changed policy');
  assert.equal(
    base,
    cacheKey(report, 'acme', ctx('alice', [policy(['alice'], 'web'), policy(['carol'], 'x')])),
    "a policy that does not apply to alice does not change alice's key"
  );
});
