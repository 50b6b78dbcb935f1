import type { CompileContext } from '../../src/query/index.ts';
import { NOW } from './helpers/fixtures.ts';

const base: CompileContext = {
  tenantId: '7d0b1c1e-2f7a-4c55-9f0e-0a1b2c3d4e5f',
  principal: { kind: 'user', login: 'vera', email: 'vera@example.com', role: 'Viewer' },
  policies: [],
  maskingRules: [],
  tenantSettings: { denyByDefault: false, maskingKey: 'tenant-masking-key' },
  now: NOW,
};

/** Named contexts the golden cases refer to. */
export const CONTEXTS: Record<string, CompileContext> = {
  plain: base,
  admin: { ...base, principal: { kind: 'user', login: 'ada', role: 'Admin' } },
  policies: {
    ...base,
    policies: [
      { id: 'web-nonprod', name: 'web outside prod', condition: [{ field: 'project', op: 'in', value: ['web', 'api'] }, { field: 'environment', op: '!=', value: 'prod' }], appliesTo: { roles: ['Viewer'] } },
      { id: 'own-suites', name: 'own suites', condition: [{ field: 'suite', op: '=', value: '${user.login}' }, { field: 'branch', op: '=', value: 'release-${current_month}' }], appliesTo: { users: ['vera@example.com'] } },
      { id: 'editors', name: 'editors', condition: [], appliesTo: { roles: ['Editor'] } },
    ],
  },
  deny: { ...base, tenantSettings: { denyByDefault: true, maskingKey: 'k' } },
  masked: {
    ...base,
    maskingRules: [
      { id: 'm-name', field: 'name', method: 'hash' },
      { id: 'm-msg', field: 'error_message', method: 'partial', exemptRoles: ['Admin'] },
      { id: 'm-stack', field: 'error_stack', method: 'null' },
      { id: 'm-out', field: 'stdout', method: 'redact' },
      { id: 'm-err', field: 'stderr', method: 'tokenize', exemptRoles: ['Admin'] },
      { id: 'm-mail', field: 'label:email', method: 'hash' },
      { id: 'm-mail-weak', field: 'label:email', method: 'partial' },
    ],
  },
  masked_admin: {
    ...base,
    principal: { kind: 'user', login: 'ada', role: 'Admin' },
    maskingRules: [
      { id: 'm-name', field: 'name', method: 'hash' },
      { id: 'm-msg', field: 'error_message', method: 'partial', exemptRoles: ['Admin'] },
    ],
  },
};
