/**
 * Encryption at rest end to end on real chDB + PGlite: rows are written
 * encrypted, the raw table holds no plaintext, allowed roles read plaintext
 * through POST /api/v1/query, others see the marker; rotation and a wrong
 * master key.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { grafanaUser, query } from '../queries/fixture.ts';
import { buildRunRows } from '../../src/ingest/rows.ts';
import { FieldKeyring } from '../../src/security/encryption/keyring.ts';
import { ENCRYPTED_MARKER } from '../../src/security/encryption/settings.ts';
import type { Tenant } from '../../src/tenancy/types.ts';
import { decryptValue } from '../../src/security/encryption/envelope.ts';

const MASTER = '5e'.repeat(32);
let t: TestApp;
let tenant: Tenant;
let keys: Awaited<ReturnType<TestApp['tenant']>>['keys'];

before(async () => {
  t = await startTestApp();
  keys = (await t.tenant('crypt', 7)).keys;
  tenant = await t.services.tenants.getBySlug('crypt');
  t.services.security.setKeyring(FieldKeyring.fromHex(MASTER));
});
after(() => t.close());

/** Writes one failing result the way the ingest service does, with the tenant's encryptor. */
async function write(runId: string, secret: string): Promise<void> {
  const encrypt = await t.services.security.encryptorFor(tenant);
  const rows = buildRunRows({
    tenantId: tenant.id, retentionDays: 30, runId, contentHash: runId, now: new Date('2026-11-20T10:00:00Z'),
    meta: { project: 'p', startedAt: '2026-11-20T10:00:00Z' },
    report: { format: 'junit', cases: [{ suite: 's', name: `t-${runId}`, status: 'failed', durationMs: 5,
      error: { type: 'E', message: 'boom', stack: `STACK-${secret}` }, stdout: `OUT-${secret}`, stderr: `ERR-${secret}` }] },
    encrypt,
  });
  await t.services.queue.submit(rows); // resolves once the batch is written
}

const byStdout = { version: 1, refId: 'A', dataset: 'errors', metrics: [{ fn: 'count' }], groupBy: ['stdout'], shape: 'table' };
const RANGE = { from: '2026-11-19T00:00:00Z', to: '2026-11-23T00:00:00Z' };
const as = (role: 'Viewer' | 'Editor' | 'Admin') => grafanaUser(keys.grafana, 7, `u-${role}`, role);

async function stdoutSeenBy(role: 'Viewer' | 'Editor' | 'Admin'): Promise<string> {
  const r = await query(t, as(role), { queries: [byStdout], range: RANGE });
  assert.equal(r.statusCode, 200, r.body);
  return r.body;
}

test('admin enables encryption at rest; Viewer may not', async () => {
  const body = { enabled: true, fields: ['error_stack', 'stdout', 'stderr'], allowedRoles: ['Admin', 'Editor'] };
  const denied = await t.app.inject({ method: 'PUT', url: '/api/v1/security/encryption', headers: as('Viewer'), payload: body });
  assert.equal(denied.statusCode, 403, denied.body);
  const r = await t.app.inject({ method: 'PUT', url: '/api/v1/security/encryption', headers: bearer(keys.admin), payload: body });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().currentVersion, 1);
});

test('raw chDB rows hold no plaintext; allowed roles read it, a Viewer sees the marker', async () => {
  await write('r1', 'alpha-7731');
  const raw = await t.services.analytics.query<Record<string, string>>(
    'SELECT error_stack, stdout, stderr FROM test_results WHERE tenant_id = {t:String}', { t: tenant.id });
  assert.equal(raw.length, 1);
  assert.ok(!JSON.stringify(raw).includes('alpha-7731'), 'ciphertext only at rest');
  for (const v of Object.values(raw[0]!)) assert.match(v, /^enc:v1:/);
  assert.match(await stdoutSeenBy('Admin'), /OUT-alpha-7731/);
  assert.match(await stdoutSeenBy('Editor'), /OUT-alpha-7731/);
  const viewer = await stdoutSeenBy('Viewer');
  assert.ok(!viewer.includes('alpha-7731') && !viewer.includes('enc:v1:'), viewer);
  assert.ok(viewer.includes(ENCRYPTED_MARKER));
});

test('filters on an encrypted field: plaintext for allowed roles, only the marker for others (no probing)', async () => {
  const byValue = (value: string) => ({ ...byStdout, filters: [{ field: 'stdout', op: '=', value }] });
  const count = async (role: 'Viewer' | 'Admin', value: string) => {
    const r = await query(t, as(role), { queries: [byValue(value)], range: RANGE });
    assert.equal(r.statusCode, 200, r.body);
    return (r.body.match(/OUT-alpha-7731|\[encrypted\]/g) ?? []).length;
  };
  assert.equal(await count('Admin', 'OUT-alpha-7731'), 1);
  assert.equal(await count('Viewer', 'OUT-alpha-7731'), 0, 'a Viewer cannot test a guess against the plaintext');
  assert.equal(await count('Viewer', '[encrypted]'), 1);
});

test('rotation: rows before and after the new key version both decrypt', async () => {
  const r = await t.app.inject({ method: 'PUT', url: '/api/v1/security/encryption', headers: bearer(keys.admin), payload: { rotate: true } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().currentVersion, 2);
  await write('r2', 'beta-9912');
  const raw = await t.services.analytics.query<{ stdout: string }>(
    'SELECT stdout FROM test_results WHERE tenant_id = {t:String} ORDER BY run_id', { t: tenant.id });
  assert.deepEqual(raw.map((x) => x.stdout.slice(0, 7)), ['enc:v1:', 'enc:v2:']);
  const admin = await stdoutSeenBy('Admin');
  assert.match(admin, /OUT-alpha-7731/);
  assert.match(admin, /OUT-beta-9912/);
  const dataKey = FieldKeyring.fromHex(MASTER).fieldKey(tenant.id, 1).toString('hex');
  assert.ok(!admin.includes(dataKey), 'bound keys never reach the response');
});

test('re-encryption job moves old rows to the current key version; reads keep working', async () => {
  const viewer = await t.app.inject({ method: 'POST', url: '/api/v1/security/encryption/reencrypt', headers: as('Viewer') });
  assert.equal(viewer.statusCode, 403);
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/security/encryption/reencrypt', headers: bearer(keys.admin) });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().currentVersion, 2);
  const raw = await t.services.analytics.query<Record<string, string>>(
    'SELECT error_stack, stdout, stderr FROM test_results WHERE tenant_id = {t:String}', { t: tenant.id });
  assert.equal(raw.length, 2);
  for (const row of raw) for (const v of Object.values(row)) assert.match(v, /^enc:v2:/);
  assert.ok(!JSON.stringify(raw).includes('alpha-7731'));
  const ring = FieldKeyring.fromHex(MASTER);
  const outs = raw.map((r) => decryptValue(r.stdout!, (v) => ring.fieldKey(tenant.id, v))).sort();
  assert.deepEqual(outs, ['OUT-alpha-7731', 'OUT-beta-9912'], 'SQL-written envelopes match the Node format');
  const admin = await stdoutSeenBy('Admin');
  assert.match(admin, /OUT-alpha-7731/);
  assert.match(admin, /OUT-beta-9912/);
});

test('wrong master key: the marker, never a 500 or ciphertext', async () => {
  t.services.security.setKeyring(FieldKeyring.fromHex('00'.repeat(32)));
  try {
    const admin = await stdoutSeenBy('Admin');
    assert.ok(!admin.includes('alpha-7731') && !admin.includes('beta-9912') && !admin.includes('enc:v'), admin);
    assert.ok(admin.includes(ENCRYPTED_MARKER));
  } finally {
    t.services.security.setKeyring(FieldKeyring.fromHex(MASTER));
  }
});
