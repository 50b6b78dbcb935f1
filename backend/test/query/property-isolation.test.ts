import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileQuery, toDataFrames, type CompileContext, type MaskingRule, type OrgRole, type RowPolicy } from '../../src/query/index.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';
import { ctxFor, insertRows, sampleRows, type ResultRow } from './helpers/fixtures.ts';
import { policyApplies } from '../../src/query/passes/policy-match.ts';

/**
 * Property-based isolation on the real engine: random principals, policies and
 * masking over two tenants' rows. A JS oracle computes what the principal may
 * see; the engine must return exactly that, never another tenant's rows, never
 * a row outside the policies, never a masked raw value.
 */
let engine: TestEngine;
const rows = sampleRows();
before(async () => { engine = await openEngine(); await insertRows(engine, rows); });
after(() => engine.close());

const DOMAIN: Record<string, string[]> = {
  project: ['web', 'api'], environment: ['prod', 'staging'], branch: ['main', 'dev'], suite: ['suite-0', 'suite-1'], 'label:team': ['red', 'blue'],
};
const FIELDS = Object.keys(DOMAIN);
const get = (r: ResultRow, f: string) => (f === 'label:team' ? r.labels.team ?? '' : String(r[f as keyof ResultRow]));
const role = fc.constantFrom<OrgRole>('Viewer', 'Editor', 'Admin');
const domainValue = (f: string) => fc.oneof(fc.constantFrom(...(DOMAIN[f] ?? [])), fc.constant('${user.login}'));

const condition = fc.constantFrom(...FIELDS).chain((field) => fc.oneof(
  fc.record({ field: fc.constant(field), op: fc.constantFrom('=', '!='), value: domainValue(field) }),
  fc.record({ field: fc.constant(field), op: fc.constantFrom('in', 'not_in'), value: fc.array(domainValue(field), { minLength: 1, maxLength: 2 }) }),
));
const policy = fc.record({
  id: fc.uuid(), name: fc.constant('p'),
  condition: fc.array(condition, { maxLength: 2 }),
  appliesTo: fc.oneof(fc.constant({ everyone: true as const }), fc.array(role, { minLength: 1 }).map((roles) => ({ roles })), fc.constantFrom({ users: ['red'] }, { users: ['blue@example.com'] })),
}) as fc.Arbitrary<RowPolicy>;
const rule = fc.record({ id: fc.uuid(), field: fc.constant('name' as const), method: fc.constantFrom('redact', 'hash', 'partial', 'tokenize', 'null' as const), exemptRoles: fc.array(role, { maxLength: 1 }) }) as fc.Arbitrary<MaskingRule>;

function visible(ctx: CompileContext): ResultRow[] {
  const login = ctx.principal.login ?? '';
  const sub = (v: string) => v.replace('${user.login}', login);
  const admits = (p: RowPolicy, r: ResultRow) => p.condition.every((c) => {
    const actual = get(r, c.field);
    const vals = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => sub(String(v)));
    switch (c.op) {
      case '=': return actual === vals[0];
      case '!=': return actual !== vals[0];
      case 'in': return vals.includes(actual);
      default: return !vals.includes(actual);
    }
  });
  const applicable = ctx.policies.filter((p) => policyApplies(p, ctx.principal));
  return rows.filter((r) => r.tenant_id === ctx.tenantId && (applicable.length === 0 ? !ctx.tenantSettings.denyByDefault : applicable.some((p) => admits(p, r))));
}

test('property: results equal the oracle — tenant, policies and masking on the real engine', async () => {
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('tenant-a', 'tenant-b'), role, fc.constantFrom('red', 'blue'), fc.array(policy, { maxLength: 3 }), fc.array(rule, { maxLength: 2 }), fc.boolean(),
    async (tenant, r, login, policies, maskingRules, denyByDefault) => {
      const ctx = ctxFor(tenant, { kind: 'user', login, email: `${login}@example.com`, role: r }, { policies, maskingRules, tenantSettings: { denyByDefault, maskingKey: 'k' } });
      const c = compileQuery({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['project', 'environment', 'branch', 'label:team', 'test'], limit: 10000, shape: 'table' }, ctx);
      const got = await engine.query(c.sql, { ...c.params });
      const want = visible(ctx);
      assert.equal(got.reduce((n, row) => n + Number(row.m0), 0), want.length);
      const allowed = new Set(want.map((w) => [w.project, w.environment, w.branch, w.labels.team].join('|')));
      for (const row of got) assert.ok(allowed.has([row.d0, row.d1, row.d2, row.d3].join('|')), 'row outside tenant/policies');
      const masked = maskingRules.some((m) => !m.exemptRoles?.includes(r));
      const frames = JSON.stringify(toDataFrames(c, got));
      if (masked) assert.ok(!frames.includes('secret'), 'masked raw value leaked');
      else if (want.length > 0) assert.ok(frames.includes('secret test'));
    }), { numRuns: 40 });
});

test('property: raw rows (shape rows) equal the oracle row for row — tenant, policies and masking', async () => {
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('tenant-a', 'tenant-b'), role, fc.constantFrom('red', 'blue'), fc.array(policy, { maxLength: 3 }), fc.array(rule, { maxLength: 2 }), fc.boolean(),
    async (tenant, r, login, policies, maskingRules, denyByDefault) => {
      const ctx = ctxFor(tenant, { kind: 'user', login, email: `${login}@example.com`, role: r }, { policies, maskingRules, tenantSettings: { denyByDefault, maskingKey: 'k' } });
      const c = compileQuery({ version: 1, dataset: 'results', shape: 'rows', columns: ['project', 'environment', 'branch', 'label:team', 'test', 'error_message'], limit: 10000 }, ctx);
      const got = await engine.query(c.sql, { ...c.params });
      const want = visible(ctx);
      assert.equal(got.length, want.length, 'one output row per visible source row');
      const key = (a: unknown[]) => a.join('|');
      const wantKeys = want.map((w) => key([w.project, w.environment, w.branch, w.labels.team])).sort();
      assert.deepEqual(got.map((row) => key([row.c0, row.c1, row.c2, row.c3])).sort(), wantKeys, 'rows outside tenant/policies or missing');
      const frames = JSON.stringify(toDataFrames(c, got));
      assert.ok(!frames.includes(tenant === 'tenant-a' ? 'tenant-b' : 'tenant-a'), 'another tenant\'s message');
      const masked = maskingRules.some((m) => !m.exemptRoles?.includes(r));
      if (masked) assert.ok(!frames.includes('secret test'), 'masked raw name leaked');
      else if (want.length > 0) assert.ok(frames.includes('secret test'));
    }), { numRuns: 30 });
});
