import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, type CompileContext } from '../../src/query/index.ts';
import type { EncryptionContext } from '../../src/query/passes/decrypt-fields.ts';

const KEY1 = '11'.repeat(32);
const KEY2 = '22'.repeat(32);
const encryption: EncryptionContext = { fields: ['stdout', 'error_stack'], allowedRoles: ['Admin'], keys: new Map([[1, KEY1], [2, KEY2]]) };
const ctx = (role: 'Admin' | 'Viewer', enc?: EncryptionContext): CompileContext => ({
  tenantId: '7d0b1c1e-2f7a-4c55-9f0e-0a1b2c3d4e5f',
  principal: { kind: 'user', login: 'u', role },
  policies: [],
  maskingRules: [{ id: 'm', field: 'error_stack', method: 'partial', exemptRoles: [] }],
  tenantSettings: { denyByDefault: false, maskingKey: 'k', ...(enc ? { encryption: enc } : {}) } as CompileContext['tenantSettings'],
  now: new Date('2026-11-25T00:00:00Z'),
});
const q = { version: 1, refId: 'A', dataset: 'errors', metrics: [{ fn: 'count' }], groupBy: ['stdout', 'error_stack'], filters: [{ field: 'stdout', op: 'contains', value: 'x' }], shape: 'table', timeRange: { from: '2026-11-19T00:00:00Z', to: '2026-11-23T00:00:00Z' } };

test('allowed role: every reference decrypts, keys only as bound params, masking on top', () => {
  const c = compileQuery(q, ctx('Admin', encryption));
  assert.ok(!c.sql.includes(KEY1) && !c.sql.includes("'"), c.sql);
  assert.ok(Object.values(c.params).includes(KEY1) && Object.values(c.params).includes(KEY2));
  assert.equal((c.sql.match(/tryDecrypt/g) ?? []).length >= 6, true, 'group by ×2 fields ×2 versions + filter');
  assert.deepEqual(c.appliedMasks, ['m'], 'the masking rule still applies to the decrypted stack');
});

test('other roles: no key is bound at all; without the setting the SQL is unchanged', () => {
  const viewer = compileQuery(q, ctx('Viewer', encryption));
  assert.ok(!viewer.sql.includes('tryDecrypt'));
  assert.ok(!Object.values(viewer.params).includes(KEY1));
  assert.ok(Object.values(viewer.params).includes('[encrypted]'));
  const none = compileQuery(q, ctx('Admin'));
  assert.ok(!none.sql.includes('tryDecrypt') && !Object.values(none.params).includes('[encrypted]'));
});
