/**
 * run_diff under the compiler's security: the tenant guard (another tenant's
 * rows never appear, even with the same project and test ids), row policies
 * (a policy on project hides the other project's diff rows; deny by default
 * hides all; a policy on a masked field still filters on raw values) and
 * masking (hashed names stay hashed; filters compare masked values).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { compileQuery, type CompileContext, type MaskingRule, type RowPolicy } from '../../src/query/index.ts';
import { D0, DAY, seedRows, toNdjson } from './run-diff-history.ts';

let t: TestApp;
let A = '';
let B = '';

before(async () => {
  t = await startTestApp({}, { SEMANTEST_MIRROR_EVERY_SECONDS: '0', SEMANTEST_EVALUATE_EVERY_MINUTES: '0' });
  A = (await t.tenant('rd-a', 41)).id;
  B = (await t.tenant('rd-b', 42)).id;
  // B: same projects and test ids, other statuses and durations (another seed)
  await t.services.analytics.insertJsonEachRow('test_results', toNdjson([...seedRows(A, 'tenant-a', 7), ...seedRows(B, 'tenant-b', 99)]));
});
after(() => t.close());

const ctx = (tenantId: string, extra: Partial<CompileContext> = {}): CompileContext => ({
  tenantId, principal: { kind: 'user', login: 'vera', email: 'vera@example.com', role: 'Viewer' },
  policies: [], maskingRules: [], tenantSettings: { denyByDefault: false, maskingKey: `key-${tenantId}` }, now: new Date(), ...extra,
});
const base = {
  version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'change', 'test'], shape: 'table', limit: 10000,
  timeRange: { from: D0 + 7 * DAY, to: D0 + 14 * DAY },
};
async function rows(c: CompileContext, patch: Record<string, unknown> = {}): Promise<{ project: string; change: string; test: string }[]> {
  const compiled = compileQuery({ ...base, ...patch }, c);
  const got = await t.services.analytics.query<Record<string, string>>(compiled.sql, { ...compiled.params });
  return got.map((r) => ({ project: String(r.d0), change: String(r.d1), test: String(r.d2) }));
}
const keyOf = (r: { project: string; change: string; test: string }) => `${r.project}|${r.change}|${r.test}`;

test('tenant isolation: each tenant sees its own diff, never the other\'s rows', async () => {
  const [a, b] = [await rows(ctx(A)), await rows(ctx(B))];
  assert.ok(a.length > 50 && b.length > 50);
  assert.ok(a.every((r) => r.test.startsWith('tenant-a ')), 'A sees only A');
  assert.ok(b.every((r) => r.test.startsWith('tenant-b ')), 'B sees only B');
  // the two tenants share test ids: if B's rows leaked into A's sides, A's changes would differ from A alone
  const flakyA = a.filter((r) => r.test.includes('flaky')).map((r) => r.change);
  const flakyB = b.filter((r) => r.test.includes('flaky')).map((r) => r.change);
  assert.ok(flakyA.length > 0 && flakyB.length > 0);
  const unknown = await rows(ctx('no-such-tenant'));
  assert.deepEqual(unknown, []);
});

test('row policy on project hides the other project\'s diff rows (and deny by default hides everything)', async () => {
  const all = await rows(ctx(A));
  const webOnly: RowPolicy = { id: 'web', name: 'web only', condition: [{ field: 'project', op: '=', value: 'web' }], appliesTo: { roles: ['Viewer'] } };
  const policed = await rows(ctx(A, { policies: [webOnly] }));
  assert.ok(policed.length > 0);
  assert.ok(policed.every((r) => r.project === 'web'));
  assert.deepEqual(policed.map(keyOf).sort(), all.filter((r) => r.project === 'web').map(keyOf).sort(), 'the web diff is unchanged, api is gone');
  const compiled = compileQuery(base, ctx(A, { policies: [webOnly] }));
  assert.deepEqual(compiled.appliedPolicies, ['web']);
  assert.deepEqual(await rows(ctx(A, { tenantSettings: { denyByDefault: true, maskingKey: 'k' } })), []);
  // a policy on a field run_diff rows lack (environment) still filters the raw rows the sides are built from
  const prodOnly: RowPolicy = { id: 'prod', name: 'prod only', condition: [{ field: 'environment', op: '=', value: 'prod' }], appliesTo: { everyone: true } };
  assert.deepEqual(await rows(ctx(A, { policies: [prodOnly] })), [], 'seeded rows are all environment ci');
});

test('masking: hashed test names stay hashed; filters see masked values; policies still use raw ones', async () => {
  const hash: MaskingRule = { id: 'm-name', field: 'name', method: 'hash' };
  const plain = await rows(ctx(A));
  const masked = await rows(ctx(A, { maskingRules: [hash] }));
  assert.equal(masked.length, plain.length);
  assert.ok(masked.every((r) => /^[0-9A-F]{16}$/.test(r.test)), 'every name is a 16-hex hash');
  const count = (list: { change: string }[]) => {
    const n = new Map<string, number>();
    for (const r of list) n.set(r.change, (n.get(r.change) ?? 0) + 1);
    return [...n].sort();
  };
  assert.deepEqual(count(masked), count(plain), 'same changes, only the names are hidden');
  const raw = plain.find((r) => r.change === 'new_failure')!;
  assert.deepEqual(await rows(ctx(A, { maskingRules: [hash] }), { filters: [{ field: 'test', op: '=', value: raw.test }] }), [], 'a raw name matches nothing');
  const hashed = masked.find((r) => r.change === 'new_failure' && r.project === raw.project)!;
  assert.ok((await rows(ctx(A, { maskingRules: [hash] }), { filters: [{ field: 'test', op: '=', value: hashed.test }] })).length >= 1, 'a masked value matches');
  const onlyOne: RowPolicy = { id: 'one', name: 'one test', condition: [{ field: 'test', op: '=', value: raw.test }], appliesTo: { everyone: true } };
  const policed = await rows(ctx(A, { maskingRules: [hash], policies: [onlyOne] }));
  assert.ok(policed.length >= 1 && policed.every((r) => /^[0-9A-F]{16}$/.test(r.test)));
  assert.equal(new Set(policed.map((r) => r.test)).size, 1, 'the policy admitted one test by its raw name');
  const exempt: MaskingRule = { ...hash, exemptRoles: ['Admin'] };
  const admin = await rows(ctx(A, { maskingRules: [exempt], principal: { kind: 'user', login: 'ada', role: 'Admin' } }));
  assert.ok(admin.some((r) => r.test.startsWith('tenant-a ')), 'an exempt role sees raw names');
});
