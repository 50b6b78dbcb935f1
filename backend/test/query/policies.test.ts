import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, validatePolicy, validateMaskingRule, type RowPolicy } from '../../src/query/index.ts';
import { substitute } from '../../src/query/passes/policy-values.ts';
import { ctxFor, viewer } from './helpers/fixtures.ts';

const q = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table' };

test('dynamic values substitute from the principal and the clock; missing ones fail closed', () => {
  const ctx = ctxFor('t1', viewer('vera'));
  assert.equal(substitute('${user.login}/${user.email}/${user.role}/${tenant}/${current_date}/${current_month}', ctx), 'vera/vera@example.com/Viewer/t1/2026-03-10/2026-03');
  assert.equal(substitute('${user.login}', { ...ctx, principal: { kind: 'service' } }), undefined);
  assert.equal(substitute('${nope}', ctx), undefined);
});

test('a service principal without login gets deny_all for a login-based policy', () => {
  const policies: RowPolicy[] = [{ id: 'mine', name: 'mine', condition: [{ field: 'owner', op: '=', value: '${user.login}' }], appliesTo: { everyone: true } }];
  const c = compileQuery(q, ctxFor('t1', { kind: 'service', role: 'Viewer' }, { policies }));
  assert.match(c.sql, /WHERE \(0\) AND/);
  assert.deepEqual(c.appliedPolicies, ['mine']);
});

test('policy conditions see raw values even when the field is masked for the user', () => {
  const c = compileQuery({ ...q, groupBy: ['test'] }, ctxFor('t1', viewer(), {
    policies: [{ id: 'p', name: 'p', condition: [{ field: 'test', op: '=', value: 'login works' }], appliesTo: { everyone: true } }],
    maskingRules: [{ id: 'm', field: 'name', method: 'hash' }],
  }));
  assert.match(c.sql, /\(`name` = \{p\d+:String\}\)/, 'policy compares the raw column');
  assert.match(c.sql, /SHA256\(concat\(\{mkey:String\}, `name`\)\).*AS `d0`/, 'projection is masked');
});

test('admin validation: readable problems for bad policies and masking rules', () => {
  assert.deepEqual(validatePolicy({ id: 'a', name: 'a', condition: [{ field: 'project', op: '=', value: '${user.login}' }], appliesTo: { roles: ['Viewer'] } }), []);
  const bad = validatePolicy({ id: 'a', name: 'a', condition: [{ field: 'project', op: 'in', value: '${user.nick}' }], appliesTo: {} });
  assert.deepEqual(bad.map((i) => i.message).sort(), ['in needs a list', 'policy applies to nobody', 'unknown variable ${user.nick}'].sort());
  assert.ok(validatePolicy({ id: 'a', name: 'a', condition: [{ field: "x'--", op: '=', value: 'v' }], appliesTo: { everyone: true } }).length > 0);
  assert.deepEqual(validateMaskingRule({ id: 'm', field: 'label:email', method: 'hash', exemptRoles: ['Admin'] }), []);
  assert.ok(validateMaskingRule({ id: 'm', field: 'password', method: 'hash' }).length > 0);
});

test('admin validation refuses fields no dataset has', () => {
  const issues = validatePolicy({ id: 'a', name: 'a', condition: [{ field: 'zzz', op: '=', value: 'v' }], appliesTo: { everyone: true } });
  assert.deepEqual(issues, [{ path: '/condition/0/field', message: 'unknown field "zzz"' }]);
});

test('the audit dataset needs Admin; a role-less service principal ranks as Viewer', () => {
  const audit = { version: 1, dataset: 'audit', metrics: [{ fn: 'count' }], shape: 'table' };
  assert.throws(() => compileQuery(audit, ctxFor('t1', viewer())), { code: 'QUERY_FORBIDDEN_DATASET' });
  assert.throws(() => compileQuery(audit, ctxFor('t1', { kind: 'service' })), { code: 'QUERY_FORBIDDEN_DATASET' });
  assert.ok(compileQuery(q, ctxFor('t1', { kind: 'service' })).sql.includes('`tenant_id` = {tenant:String}'));
  assert.ok(compileQuery(audit, ctxFor('t1', { kind: 'user', login: 'ada', role: 'Admin' })).sql.includes('FROM `audit_log`'));
});
