/**
 * The lookups added for the guard audit (query/test-lookup.ts, run-lookup.ts)
 * print like every other compiled query: tenant guard on every table
 * reference, row policies, masking of the name filter and of masked label
 * keys, and no value in the SQL text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRunLookup, compileTestLookup, type CompileContext } from '../../src/query/index.ts';

const ctx = (over: Partial<CompileContext> = {}): CompileContext => ({
  tenantId: 'tenant-a', principal: { kind: 'user', login: 'ed', role: 'Editor' }, policies: [], maskingRules: [],
  tenantSettings: { denyByDefault: false, maskingKey: 'mk' }, now: new Date('2026-11-26T00:00:00Z'), ...over,
});
const WEB = { id: 'p1', name: 'web', condition: [{ field: 'project', op: '=', value: 'web' }], appliesTo: { users: ['ed'] } } as const;
const noValues = (sql: string) => assert.doesNotMatch(sql, /'|;|--|secret-name|run-42/, sql);

test('test lookup: tenant guard, the caller\'s policy, the name filter on the masked value', () => {
  const c = compileTestLookup({ project: 'api', name: 'secret-name' }, ctx({
    policies: [WEB], maskingRules: [{ id: 'm1', field: 'name', method: 'hash', exemptRoles: ['Admin'] }],
  }));
  noValues(c.sql);
  assert.match(c.sql, /`tenant_id` = \{tenant:String\}/);
  assert.deepEqual(c.appliedPolicies, ['p1']);
  assert.deepEqual(c.appliedMasks, ['m1']);
  assert.match(c.sql, /WHERE .*SHA256\(concat\(\{mkey:String\}, `name`\)\).* = \{p\d+:String\}/, 'the name filter compares the masked name');
  assert.doesNotMatch(c.sql.replace(/SHA256\(concat\(\{mkey:String\}, `name`\)\)/g, ''), /`name`/, 'no raw name anywhere');
  assert.ok(Object.values(c.params).includes('secret-name'));
  assert.ok(Object.values(c.params).includes('web'));
});

test('test lookup by ids: deny-by-default denies; an exempt role sees raw names', () => {
  const denied = compileTestLookup({ project: 'api', testIds: ['t1', 't2'] }, ctx({ tenantSettings: { denyByDefault: true, maskingKey: 'mk' } }));
  assert.deepEqual(denied.appliedPolicies, ['deny_by_default']);
  assert.match(denied.sql, /WHERE .*\b0\b/);
  const admin = compileTestLookup({ project: 'api', testIds: ['t1'] }, ctx({
    principal: { kind: 'user', login: 'root', role: 'Admin' }, maskingRules: [{ id: 'm1', field: 'name', method: 'redact', exemptRoles: ['Admin'] }],
  }));
  assert.deepEqual(admin.appliedMasks, []);
  assert.match(admin.sql, /any\(`name`\) AS `test_name`/);
});

test('run lookup: both queries guarded and policed; masked label keys leave the map and come back masked', () => {
  const c = compileRunLookup('run-42', ctx({ policies: [WEB], maskingRules: [{ id: 'm2', field: 'label:owner', method: 'redact' }] }));
  for (const q of [c.run, c.counts]) {
    noValues(q.sql);
    assert.match(q.sql, /`tenant_id` = \{tenant:String\}/);
    assert.deepEqual(q.appliedPolicies, ['p1']);
  }
  assert.deepEqual(c.maskedLabelKeys, ['owner']);
  assert.match(c.run.sql, /mapFilter\(\(`k`, `v`\) -> NOT \(has\(\{p\d+:Array\(String\)\}, `k`\)\), `labels`\) AS `visible_labels`/);
  assert.match(c.run.sql, /\{p\d+:String\} AS `ml0`/, 'the redacted constant, never labels[owner]');
  assert.doesNotMatch(c.run.sql, /`labels`\[/);
  const plain = compileRunLookup('run-42', ctx());
  assert.deepEqual(plain.maskedLabelKeys, []);
  assert.match(plain.run.sql, /`labels` AS `visible_labels`/);
});
