/**
 * Property (API level, real chDB): for random users, row policies,
 * deny-by-default and queries across two tenants, /query and /values return
 * exactly the rows the policy oracle admits for the caller's tenant: never a
 * row of the other tenant or outside the policies, and never a raw masked
 * error message.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startFixture, query, bearer, grafanaUser, ACME_RUNS, GLOBEX_RUNS, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

type Row = { project: string; environment: string; branch: string; status: string };
const rowsOf = (runs: typeof ACME_RUNS) => runs.flatMap((r) => r.results.map((x) => ({ project: r.project, environment: r.environment, branch: r.branch, status: x.status })));
const DATA: Record<'acme' | 'globex', Row[]> = { acme: rowsOf(ACME_RUNS), globex: rowsOf(GLOBEX_RUNS) };
const FIELDS = ['project', 'environment', 'branch'] as const;
const VALUES = { project: ['web', 'api', 'gx'], environment: ['prod', 'staging'], branch: ['main', 'feature'] };
const ROLES = ['Viewer', 'Editor', 'Admin'] as const;

const policyArb = fc.record({
  field: fc.constantFrom(...FIELDS),
  pick: fc.array(fc.nat(2), { minLength: 1, maxLength: 2 }),
  appliesTo: fc.oneof(
    fc.constant({ everyone: true as const }),
    fc.constantFrom(...ROLES).map((r) => ({ roles: [r] })),
    fc.constantFrom('u1', 'u2').map((u) => ({ users: [u] })),
  ),
}).map((p) => ({ field: p.field, values: [...new Set(p.pick.map((i) => VALUES[p.field][i % VALUES[p.field].length]!))], appliesTo: p.appliesTo }));

const caseArb = fc.record({
  tenant: fc.constantFrom('acme' as const, 'globex' as const),
  user: fc.record({ login: fc.constantFrom('u1', 'u2', 'u3'), role: fc.constantFrom(...ROLES) }),
  policies: fc.array(policyArb, { maxLength: 2 }),
  denyByDefault: fc.boolean(),
  groupBy: fc.constantFrom(...FIELDS),
});

type Policy = { field: (typeof FIELDS)[number]; values: string[]; appliesTo: { everyone?: true; roles?: string[]; users?: string[] } };

function visible(rows: Row[], policies: Policy[], user: { login: string; role: string }, deny: boolean): Row[] {
  const applicable = policies.filter((p) => p.appliesTo.everyone || p.appliesTo.roles?.includes(user.role) || p.appliesTo.users?.includes(user.login));
  if (applicable.length === 0) return deny ? [] : rows;
  return rows.filter((r) => applicable.some((p) => p.values.includes(r[p.field])));
}

test('no row of another tenant or outside the policies ever appears (query + values)', async () => {
  const admin = (tenant: 'acme' | 'globex') => bearer(f[tenant].keys.admin);
  // Error messages are hashed for everyone in both tenants.
  for (const tenant of ['acme', 'globex'] as const) {
    const r = await f.t.app.inject({ method: 'POST', url: '/api/v1/masking-rules', headers: admin(tenant), payload: { field: 'error_message', method: 'hash' } });
    assert.equal(r.statusCode, 201, r.body);
  }
  await fc.assert(fc.asyncProperty(caseArb, async (c) => {
    const ids: string[] = [];
    try {
      for (const [i, p] of c.policies.entries()) {
        const r = await f.t.app.inject({ method: 'POST', url: '/api/v1/policies', headers: admin(c.tenant), payload: { name: `p${i}`, condition: [{ field: p.field, op: 'in', value: p.values }], appliesTo: p.appliesTo } });
        assert.equal(r.statusCode, 201, r.body);
        ids.push(r.json().id);
      }
      await f.t.app.inject({ method: 'PUT', url: '/api/v1/security/settings', headers: admin(c.tenant), payload: { denyByDefault: c.denyByDefault } });
      const org = c.tenant === 'acme' ? 2 : 3;
      const headers = grafanaUser(f[c.tenant].keys.grafana, org, c.user.login, c.user.role);
      const rows = visible(DATA[c.tenant], c.policies, c.user, c.denyByDefault);
      const expected = new Map<string, number>();
      for (const r of rows) expected.set(r[c.groupBy], (expected.get(r[c.groupBy]) ?? 0) + 1);

      const res = await query(f.t, headers, { queries: [
        { refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: [c.groupBy], shape: 'table' },
        { refId: 'E', version: 1, dataset: 'errors', metrics: [{ fn: 'count' }], groupBy: ['error_message'], shape: 'table' },
      ] });
      assert.equal(res.statusCode, 200);
      const a = res.json().results.A;
      const got = new Map<string, number>();
      const cols = a.frames[0]?.data.values ?? [[], []];
      cols[0].forEach((k: string, i: number) => got.set(k, Number(cols[1][i])));
      assert.deepEqual(got, expected);
      const errorsExpected = rows.filter((r) => r.status === 'failed' || r.status === 'error').length;
      const e = res.json().results.E.frames[0]?.data.values ?? [[], []];
      assert.equal(e[1].reduce((s: number, n: unknown) => s + Number(n), 0), errorsExpected);
      assert.doesNotMatch(res.body, /SECRET/);
      assert.doesNotMatch(res.body, c.tenant === 'acme' ? /GLOBEX|"gx"/ : /ACME|"web"|"api"/);

      const vals = await f.t.app.inject({ method: 'GET', url: `/api/v1/values/${c.groupBy}`, headers });
      assert.deepEqual(vals.json().values, [...expected.keys()].sort());
    } finally {
      for (const id of ids) await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${id}`, headers: admin(c.tenant) });
    }
  }), { numRuns: 20, seed: 20261125 });
});
