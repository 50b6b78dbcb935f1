import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileAnnotationsQuery, compileQuery, compileValuesQuery, QueryCompileError, type CompileContext } from '../../src/query/index.ts';
import { MARK, filter, maskingRule, policy, principal, query, value } from './helpers/arbitraries.ts';
import { NOW } from './helpers/fixtures.ts';

const GUARD_RE = /(?:`\w+`\.)?`tenant_id` = \{tenant:String\}/g;
const tableRefs = (sql: string) => (sql.match(/(?:FROM|JOIN) `/g) ?? []).length;

const ctxArb = fc.record({
  tenantId: fc.uuid(),
  principal,
  policies: fc.array(policy, { maxLength: 3 }),
  maskingRules: fc.array(maskingRule, { maxLength: 3 }),
  tenantSettings: fc.record({ denyByDefault: fc.boolean(), maskingKey: value }),
  now: fc.constant(NOW),
}) as fc.Arbitrary<CompileContext>;

/** The invariants every printed statement must satisfy. */
function check(c: { sql: string; params: Readonly<Record<string, unknown>> }, ctx: CompileContext): void {
  assert.equal(c.sql.match(GUARD_RE)?.length ?? 0, tableRefs(c.sql), `guard per table reference: ${c.sql}`);
  assert.ok(tableRefs(c.sql) >= 1);
  assert.equal(c.params.tenant, ctx.tenantId);
  assert.ok(!c.sql.includes(MARK), `a value reached SQL text: ${c.sql}`);
  assert.ok(!c.sql.includes(ctx.tenantId), 'tenant id in SQL text');
  assert.ok(!c.sql.includes("'") && !c.sql.includes(';'), 'string literal or separator in SQL');
}

const expected = (e: unknown) => e instanceof QueryCompileError && ['QUERY_INVALID', 'QUERY_FORBIDDEN_DATASET'].includes(e.code);

test('property: every compiled query guards each table reference and prints no value', () => {
  let compiled = 0;
  fc.assert(fc.property(query, ctxArb, (q, ctx) => {
    try {
      check(compileQuery(q, ctx), ctx);
      compiled++;
    } catch (e) {
      if (!expected(e)) throw e;
    }
  }), { numRuns: 400 });
  assert.ok(compiled > 200, `only ${compiled} of 400 random queries compiled`);
});

test('property: values and annotations queries keep the same invariants', () => {
  fc.assert(fc.property(ctxArb, value, fc.constantFrom('project', 'test', 'error_message', 'label:team', 'branch'), fc.array(filter(['project', 'branch', 'environment'], true), { maxLength: 3 }),
    (ctx, search, dim, filters) => {
      check(compileValuesQuery(dim, search, 20, ctx), ctx);
      for (const kind of ['failed_runs', 'new_failures'] as const) {
        check(compileAnnotationsQuery({ kind, timeRange: { from: 0, to: 1e12 }, filters }, ctx), ctx);
      }
    }), { numRuns: 150 });
});
