/**
 * Shape `rows` on the real engine: the security of the aggregate shapes holds
 * for raw rows — tenant guard, row policies, deny-by-default, every masking
 * method on a projected column (identical to how a dashboard groups it),
 * filters on a masked field, encrypted fields per role — and the result is
 * one Grafana table frame.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, resolveToken, toDataFrames, type CompileContext, type MaskingMethod, type MaskingRule } from '../../src/query/index.ts';
import type { EncryptionContext } from '../../src/query/passes/decrypt-fields.ts';
import { encryptValue } from '../../src/security/encryption/envelope.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';
import { admin, ctxFor, insertRows, sampleRows, viewer, T0 } from './helpers/fixtures.ts';

let engine: TestEngine;
const sample = sampleRows();
const KEY = 'ab'.repeat(32);
before(async () => {
  engine = await openEngine();
  await insertRows(engine, sample);
  // one failed result of tenant-a whose stdout is stored encrypted (written like the ingest encryptor does)
  await engine.query(
    `INSERT INTO test_results (tenant_id, project, suite, test_id, name, status, started_at, stdout, retention_days) SETTINGS async_insert = 0
     VALUES ('tenant-a', 'web', 'enc', 'enc-1', 'encrypted test', 'failed', fromUnixTimestamp64Milli({t:Int64}), {out:String}, 3650)`,
    { t: T0, out: encryptValue('OUT-plaintext', Buffer.from(KEY, 'hex'), 1) },
  );
});
after(() => engine.close());

const rowsQuery = (columns: string[], extra: Record<string, unknown> = {}) =>
  ({ version: 1, dataset: 'results', shape: 'rows', columns, limit: 10_000, ...extra });
async function run(q: unknown, ctx: CompileContext) {
  const c = compileQuery(q, ctx);
  return { c, rows: await engine.query(c.sql, { ...c.params }) };
}
const tenantRows = (t: string) => sample.filter((r) => r.tenant_id === t);

test('tenant guard: one output row per row of the caller\'s tenant, nothing of the other', async () => {
  for (const t of ['tenant-a', 'tenant-b']) {
    const { rows } = await run(rowsQuery(['project', 'test', 'error_message', 'duration_ms']), ctxFor(t, viewer()));
    const extra = t === 'tenant-a' ? 1 : 0; // the encrypted row
    assert.equal(rows.length, tenantRows(t).length + extra);
    const other = t === 'tenant-a' ? 'tenant-b' : 'tenant-a';
    assert.ok(!JSON.stringify(rows).includes(`secret failure in ${other}`));
    assert.ok(JSON.stringify(rows).includes(`secret failure in ${t}`));
  }
});

test('row policies filter raw rows; deny-by-default without a policy returns nothing', async () => {
  const policy = { id: 'web-only', name: 'web', condition: [{ field: 'project', op: '=' as const, value: 'web' }, { field: 'label:team', op: '=' as const, value: 'red' }], appliesTo: { roles: ['Viewer' as const] } };
  const { rows, c } = await run(rowsQuery(['project', 'label:team']), ctxFor('tenant-b', viewer(), { policies: [policy] }));
  const want = tenantRows('tenant-b').filter((r) => r.project === 'web' && r.labels.team === 'red');
  assert.equal(rows.length, want.length);
  assert.ok(rows.every((r) => r.c0 === 'web' && r.c1 === 'red'));
  assert.deepEqual(c.appliedPolicies, ['web-only']);
  const deny = ctxFor('tenant-b', viewer(), { tenantSettings: { denyByDefault: true, maskingKey: 'k' } });
  const denied = await run(rowsQuery(['project']), deny);
  assert.equal(denied.rows.length, 0);
  assert.deepEqual(denied.c.appliedPolicies, ['deny_by_default']);
});

const METHODS: MaskingMethod[] = ['redact', 'null', 'hash', 'partial', 'tokenize'];
const maskCtx = (method: MaskingMethod, field: MaskingRule['field'] = 'name') =>
  ctxFor('tenant-a', viewer(), { maskingRules: [{ id: `m-${method}`, field, method, exemptRoles: ['Admin'] }] });

test('every masking method on a projected column: no raw value, and exactly the values a dashboard groups by', async () => {
  for (const method of METHODS) {
    const ctx = maskCtx(method);
    const { rows, c } = await run(rowsQuery(['test', 'project']), ctx);
    assert.deepEqual(c.appliedMasks, [`m-${method}`]);
    assert.ok(!JSON.stringify(rows).includes('secret test'), `${method}: raw name leaked`);
    // the same principal's grouped query (a dashboard table) shows the same masked values
    const grouped = await run({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['test'], shape: 'table', limit: 10_000 }, ctx);
    const asSet = (vs: unknown[]) => [...new Set(vs.map((v) => JSON.stringify(v)))].sort();
    assert.deepEqual(asSet(rows.map((r) => r.c0)), asSet(grouped.rows.map((r) => r.d0)), `${method}: rows and dashboard disagree`);
    if (method === 'redact') assert.ok(rows.every((r) => r.c0 === '[redacted]'));
    if (method === 'null') assert.ok(rows.every((r) => r.c0 === null));
    if (method === 'hash') assert.ok(rows.every((r) => /^[0-9A-F]{16}$/.test(String(r.c0))));
    if (method === 'partial') assert.ok(rows.every((r) => /^(se|en)….{2}$/.test(String(r.c0))), JSON.stringify(rows[0]));
    if (method === 'tokenize') {
      const token = String(rows.find((r) => r.c1 === 'web')?.c0);
      const raw = resolveToken(token, 'name', admin, ctx.maskingRules, ctx.tenantSettings.maskingKey);
      assert.match(raw, /^(secret test web \d|encrypted test)$/);
    }
  }
  // an exempt role sees raw values
  const { rows } = await run(rowsQuery(['test']), { ...maskCtx('hash'), principal: admin });
  assert.ok(rows.some((r) => String(r.c0).startsWith('secret test')));
});

test('a masked label and error message in the projection are masked too', async () => {
  const ctx = ctxFor('tenant-a', viewer(), { maskingRules: [
    { id: 'm-mail', field: 'label:email', method: 'redact' },
    { id: 'm-msg', field: 'error_message', method: 'hash' },
  ] });
  const { rows } = await run(rowsQuery(['label:email', 'error_message']), ctx);
  const text = JSON.stringify(rows);
  assert.ok(!text.includes('@corp.example') && !text.includes('secret failure'));
  assert.ok(rows.every((r) => r.c0 === '[redacted]'));
});

test('filters and ordering on a masked field work on the masked value, as for the other shapes', async () => {
  const ctx = maskCtx('hash');
  const byRaw = await run(rowsQuery(['test'], { filters: [{ field: 'test', op: '=', value: 'secret test web 1' }] }), ctx);
  assert.equal(byRaw.rows.length, 0, 'the raw value cannot be probed');
  const some = (await run(rowsQuery(['test']), ctx)).rows[0]?.c0;
  const byHash = await run(rowsQuery(['test'], { filters: [{ field: 'test', op: '=', value: some }], orderBy: [{ by: 'test', dir: 'asc' }] }), ctx);
  assert.ok(byHash.rows.length > 0 && byHash.rows.every((r) => r.c0 === some));
});

test('an encrypted column: plaintext for an allowed role, the marker for a denied one', async () => {
  const encryption: EncryptionContext = { fields: ['stdout'], allowedRoles: ['Admin'], keys: new Map([[1, KEY]]) };
  const withEnc = (p: CompileContext['principal']) => {
    const base = ctxFor('tenant-a', p);
    return { ...base, tenantSettings: { ...base.tenantSettings, encryption } } as CompileContext;
  };
  const q = { version: 1, dataset: 'errors', shape: 'rows', columns: ['test', 'stdout'], filters: [{ field: 'suite', op: '=', value: 'enc' }] };
  const denied = await run(q, withEnc(viewer()));
  assert.deepEqual(denied.rows.map((r) => r.c1), ['[encrypted]']);
  assert.ok(!denied.c.sql.includes(KEY) && !Object.values(denied.c.params).includes(KEY), 'no key bound for a denied role');
  const allowed = await run(q, withEnc(admin));
  assert.deepEqual(allowed.rows.map((r) => r.c1), ['OUT-plaintext']);
});

test('a rows result is one table frame: names, types, epoch-ms times, numbers', async () => {
  const { c, rows } = await run(rowsQuery(['started_at', 'test', 'duration_ms', 'attempt'], { refId: 'R', orderBy: [{ by: 'started_at', dir: 'asc' }], limit: 5 }), ctxFor('tenant-a', viewer()));
  const frames = toDataFrames(c, rows);
  assert.equal(frames.length, 1);
  const f = frames[0]!;
  assert.equal(f.schema.refId, 'R');
  assert.deepEqual(f.schema.fields.map((x) => [x.name, x.type]), [['started_at', 'time'], ['test', 'string'], ['duration_ms', 'number'], ['attempt', 'number']]);
  assert.equal(f.schema.fields[2]!.config.unit, 'ms');
  const times = f.data.values[0] as number[];
  assert.equal(times.length, 5);
  assert.equal(times[0], T0, 'epoch ms of the earliest row');
  assert.deepEqual([...times].sort((a, b) => a - b), times, 'ordered by the selected time column');
  assert.ok((f.data.values[2] as unknown[]).every((v) => typeof v === 'number'));
});
