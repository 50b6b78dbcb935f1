import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileQuery, toDataFrames, type CompileContext, type MaskingRule, type OrgRole, type RowPolicy } from '../../src/query/index.ts';
import { policyApplies } from '../../src/query/passes/policy-match.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';
import { ctxFor, insertRows, sampleRows, T0, HOUR, type ResultRow } from './helpers/fixtures.ts';

/**
 * Property-based isolation for the intelligence datasets on the real engine:
 * random principals, policies and masking over two tenants' mirrored test
 * states and quarantine periods. A JS oracle says what the principal may see;
 * the engine must answer exactly that — never another tenant's state, never a
 * row outside the policies, never a masked raw name — and the quarantine
 * split of results must match the oracle's periods under the same policies.
 */
let engine: TestEngine;
const results = sampleRows();
interface StateRow { tenant_id: string; project: string; suite: string; test_id: string; name: string; owner: string; state: string }
const states: StateRow[] = [];
/** tenant, project, test, [start, end) */
const periods: Array<[string, string, string, number, number]> = [
  ['tenant-a', 'web', 'web-t1', T0 + HOUR, T0 + 3 * HOUR],
  ['tenant-a', 'api', 'api-t2', T0, T0 + 10 * HOUR],
  ['tenant-b', 'web', 'web-t0', T0, T0 + 10 * HOUR], // same test ids as tenant-a's: must not leak across
  ['tenant-b', 'web', 'web-t1', T0, T0 + 10 * HOUR],
];
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

before(async () => {
  engine = await openEngine();
  await insertRows(engine, results);
  const stateNames = ['healthy', 'flaky', 'broken', 'quarantined'];
  let i = 0;
  for (const tenant of ['tenant-a', 'tenant-b']) {
    for (const project of ['web', 'api']) {
      for (let t = 0; t < 6; t++) {
        states.push({ tenant_id: tenant, project, suite: `suite-${t % 2}`, test_id: `${project}-t${t}`, name: `secret test ${project} ${t}`, owner: t % 3 === 0 ? 'red' : 'blue', state: stateNames[(i++) % 4]! });
      }
    }
  }
  const body = states.map((s) => JSON.stringify({ ...s, detected: 'flaky', since: iso(T0), version: 1 })).join('\n');
  await engine.query(`INSERT INTO test_states_mirror SETTINGS async_insert = 0 FORMAT JSONEachRow ${body}`);
  const p = periods.map(([tenant_id, project, test_id, s, e], k) => JSON.stringify({ tenant_id, project, test_id, quarantine_id: k + 1, starts_at: iso(s), ends_at: iso(e), version: 1 })).join('\n');
  await engine.query(`INSERT INTO quarantine_periods SETTINGS async_insert = 0 FORMAT JSONEachRow ${p}`);
});
after(() => engine.close());

const role = fc.constantFrom<OrgRole>('Viewer', 'Editor', 'Admin');
const DOMAIN: Record<string, string[]> = { project: ['web', 'api'], suite: ['suite-0', 'suite-1'], owner: ['red', 'blue'], state: ['flaky', 'broken'], environment: ['prod'] };
const condition = fc.constantFrom(...Object.keys(DOMAIN)).chain((field) => fc.record({
  field: fc.constant(field), op: fc.constantFrom('=', '!=', 'in', 'not_in'), value: fc.oneof(fc.constantFrom(...DOMAIN[field]!), fc.constant('${user.login}')),
}).map((c) => (c.op === 'in' || c.op === 'not_in' ? { ...c, value: [c.value] } : c)));
const policy = fc.record({
  id: fc.uuid(), name: fc.constant('p'), condition: fc.array(condition, { maxLength: 2 }),
  appliesTo: fc.oneof(fc.constant({ everyone: true as const }), fc.array(role, { minLength: 1 }).map((roles) => ({ roles })), fc.constant({ users: ['red'] })),
}) as fc.Arbitrary<RowPolicy>;
const rule = fc.record({ id: fc.uuid(), field: fc.constant('name' as const), method: fc.constantFrom('redact', 'hash', 'partial', 'tokenize', 'null' as const), exemptRoles: fc.array(role, { maxLength: 1 }) }) as fc.Arbitrary<MaskingRule>;

/** Oracle: which rows (with the given field getter) the principal may see. */
function admits<R extends { tenant_id: string }>(ctx: CompileContext, r: R, get: (r: R, f: string) => string | undefined): boolean {
  if (r.tenant_id !== ctx.tenantId) return false;
  const applicable = ctx.policies.filter((p) => policyApplies(p, ctx.principal));
  if (applicable.length === 0) return !ctx.tenantSettings.denyByDefault;
  const login = ctx.principal.login ?? '';
  return applicable.some((p) => p.condition.every((c) => {
    const actual = get(r, c.field);
    if (actual === undefined) return false; // a field the source lacks admits nothing
    const vals = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => String(v).replace('${user.login}', login));
    return c.op === '=' || c.op === 'in' ? vals.includes(actual) : !vals.includes(actual);
  }));
}
const stateField = (r: StateRow, f: string) => (f in DOMAIN && f !== 'environment' ? String(r[f as keyof StateRow]) : undefined);
// results carry owner (empty in the fixture rows) but no state
const resultField = (r: ResultRow, f: string) => (f === 'project' || f === 'suite' || f === 'environment' ? String(r[f]) : f === 'owner' ? '' : undefined);
const inPeriod = (r: ResultRow) => periods.some(([tenant, project, id, s, e]) => {
  const at = Date.parse(`${r.started_at.replace(' ', 'T')}Z`);
  return tenant === r.tenant_id && project === r.project && id === r.test_id && at >= s && at < e;
});

const args = [fc.constantFrom('tenant-a', 'tenant-b'), role, fc.constantFrom('red', 'blue'), fc.array(policy, { maxLength: 3 }), fc.array(rule, { maxLength: 2 }), fc.boolean()] as const;
const makeCtx = (tenant: string, r: OrgRole, login: string, policies: RowPolicy[], maskingRules: MaskingRule[], denyByDefault: boolean) =>
  ctxFor(tenant, { kind: 'user', login, email: `${login}@example.com`, role: r }, { policies, maskingRules, tenantSettings: { denyByDefault, maskingKey: 'k' } });

test('property: test_states equal the oracle — tenant, policies and masking on the real engine', async () => {
  await fc.assert(fc.asyncProperty(...args, async (tenant, r, login, policies, maskingRules, denyByDefault) => {
    const ctx = makeCtx(tenant, r, login, policies, maskingRules, denyByDefault);
    const c = compileQuery({ version: 1, dataset: 'test_states', metrics: [{ fn: 'count' }], groupBy: ['project', 'suite', 'owner', 'state', 'test'], limit: 10000, shape: 'table' }, ctx);
    const got = await engine.query(c.sql, { ...c.params });
    const want = states.filter((s) => admits(ctx, s, stateField));
    assert.equal(got.reduce((n, row) => n + Number(row.m0), 0), want.length);
    const allowed = new Set(want.map((w) => [w.project, w.suite, w.owner, w.state].join('|')));
    for (const row of got) assert.ok(allowed.has([row.d0, row.d1, row.d2, row.d3].join('|')), 'state outside tenant/policies');
    const frames = JSON.stringify(toDataFrames(c, got));
    if (maskingRules.some((m) => !m.exemptRoles?.includes(r))) assert.ok(!frames.includes('secret'), 'masked raw name leaked');
  }), { numRuns: 30 });
});

test('property: the quarantine split of results equals the oracle under random policies', async () => {
  await fc.assert(fc.asyncProperty(...args, async (tenant, r, login, policies, maskingRules, denyByDefault) => {
    const ctx = makeCtx(tenant, r, login, policies, maskingRules, denyByDefault);
    const c = compileQuery({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }, { fn: 'failure_count' }, { fn: 'quarantined_failure_count' }], groupBy: ['project', 'quarantined'], limit: 100, shape: 'table' }, ctx);
    const got = await engine.query(c.sql, { ...c.params });
    const want = new Map<string, [number, number, number]>();
    for (const row of results.filter((x) => admits(ctx, x, resultField))) {
      const k = `${row.project}|${inPeriod(row)}`;
      const w = want.get(k) ?? [0, 0, 0];
      w[0]++;
      if (row.status === 'failed') { w[1]++; if (inPeriod(row)) w[2]++; }
      want.set(k, w);
    }
    assert.equal(got.length, want.size);
    for (const g of got) assert.deepEqual([Number(g.m0), Number(g.m1), Number(g.m2)], want.get(`${g.d0}|${g.d1}`), `${g.d0} ${g.d1}`);
  }), { numRuns: 30 });
});
