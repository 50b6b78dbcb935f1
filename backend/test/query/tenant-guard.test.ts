import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alias, select } from '../../src/query/ast/select.ts';
import { join, subquery, table } from '../../src/query/ast/table.ts';
import { column } from '../../src/query/ast/column.ts';
import { compare } from '../../src/query/ast/compare.ts';
import { inSubquery } from '../../src/query/ast/misc.ts';
import { call } from '../../src/query/ast/call.ts';
import { str } from '../../src/query/ast/param.ts';
import { tenantGuardPass } from '../../src/query/passes/tenant-guard.ts';
import { printSelect } from '../../src/query/print/printer.ts';
import { escapeIdentifier } from '../../src/query/print/escape.ts';
import { compileQuery, DANGEROUS_compileWithoutTenantGuard } from '../../src/query/index.ts';
import { ctxFor, viewer } from './helpers/fixtures.ts';

const GUARD_RE = /(?:`\w+`\.)?`tenant_id` = \{tenant:String\}/g;
const count = (s: string, sub: string) => s.split(sub).length - 1;

/** FROM t JOIN (subquery over t) ON … WHERE id IN (SELECT … FROM t): three table references. */
function nested() {
  const inner = select({ projections: [alias(column('run_id'), 'run_id')], from: table('test_runs') });
  return select({
    projections: [alias(column('name', 'r'), 'n')],
    from: join('LEFT', table('test_results', 'r'), subquery(inner, 's'), compare('=', column('run_id', 'r'), column('run_id', 's'))),
    where: inSubquery(column('test_id', 'r'), select({ projections: [alias(column('test_id'), 'test_id')], from: table('test_results') }), false),
  });
}

test('tenant guard adds the predicate at every table reference: FROM, joined subquery, IN subquery', () => {
  const { sql, params } = printSelect(tenantGuardPass(nested(), 'tenant-x'));
  assert.equal(sql.match(GUARD_RE)?.length, 3, sql);
  assert.equal(count(sql, 'FROM `') + count(sql, 'JOIN `'), 3, 'one guard per table reference');
  assert.equal(params.tenant, 'tenant-x');
});

test('joined table: guard goes inside ON (LEFT JOIN must not pull other tenants)', () => {
  const s = select({
    projections: [alias(column('name', 'a'), 'n')],
    from: join('LEFT', table('test_results', 'a'), table('test_runs', 'b'), compare('=', column('run_id', 'a'), column('run_id', 'b'))),
  });
  const { sql } = printSelect(tenantGuardPass(s, 't'));
  assert.match(sql, /LEFT JOIN `test_runs` AS `b` ON \(`a`\.`run_id` = `b`\.`run_id`\) AND \(`b`\.`tenant_id` = \{tenant:String\}\)/);
  assert.match(sql, /WHERE `a`\.`tenant_id` = \{tenant:String\}/);
});

test('fails closed: no tenant → QUERY_NO_TENANT; unguarded AST → printer refuses', () => {
  for (const t of ['', '   ', undefined]) assert.throws(() => tenantGuardPass(nested(), t), { code: 'QUERY_NO_TENANT' });
  assert.throws(() => printSelect(nested()), { code: 'QUERY_UNGUARDED_TABLE' });
  const q = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table' };
  assert.throws(() => compileQuery(q, { ...ctxFor('x', viewer()), tenantId: '' }), { code: 'QUERY_NO_TENANT' });
});

test('DANGEROUS_compileWithoutTenantGuard is the only way to print without the predicate', () => {
  const q = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table' };
  const { tenantId: _ignored, ...rest } = ctxFor('x', viewer());
  const c = DANGEROUS_compileWithoutTenantGuard(q, rest);
  assert.ok(!c.sql.includes('tenant_id'));
  assert.ok(!('tenant' in c.params));
});

test('printer: one escaper for identifiers, allowlisted functions only', () => {
  assert.equal(escapeIdentifier('a`b\\c'), '`a\\`b\\\\c`');
  assert.throws(() => escapeIdentifier('a\u0000b'), { code: 'QUERY_FORBIDDEN_IDENTIFIER' });
  const bad = select({ projections: [alias(call('file', [str('/etc/passwd')]), 'x')], from: table('test_results', undefined, 'tenant') });
  assert.throws(() => printSelect(bad), { code: 'QUERY_FORBIDDEN_FUNCTION' });
});

test('AST nodes are frozen', () => {
  const s = nested();
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.projections) && Object.isFrozen(s.from));
  assert.throws(() => { (s as { limit?: unknown }).limit = 1; });
});
