/**
 * The intelligence datasets end to end on the real stores (PGlite + chDB):
 * quarantines written through the metadata store, mirrored into the
 * analytics store, then read through the query compiler — tenant guard, row
 * policies and masking included — and checked against a JS oracle:
 * - results: the `quarantined` flag and real/quarantined failure counts are
 *   time-aware (quarantined, released, quarantined again; an expiry that the
 *   job has not processed yet still ends the period);
 * - another tenant's quarantine of the same test id changes nothing here;
 * - test_states: effective states, masking of names, isolation;
 * - failure_clusters: the daily aggregate equals the raw failures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { compileQuery, type CompileContext, type RowPolicy, type MaskingRule } from '../../src/query/index.ts';
import { loadRecords, saveRecord } from '../../src/intelligence/store/records.ts';
import { newRecord } from '../../src/intelligence/quarantine/model.ts';
import { quarantineTest, releaseTest } from '../../src/intelligence/quarantine/transitions.ts';
import { chTime } from '../../src/intelligence/sql.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D0 = Math.floor(Date.now() / DAY) * DAY - 6 * DAY;
const HOURS = 120;
const TESTS = 4;

let t: TestApp;
let A = '';
let B = '';
let keyA = '';

interface Row { tenant_id: string; test_id: string; name: string; status: string; environment: string; started_at: number; error_signature: string }
const rows: Row[] = [];
/** [tenant, test, start, end) */
const periods: Array<[string, string, number, number]> = [];

async function quarantineAt(tenant: string, testId: string, at: number, expiresAt: number | null = null): Promise<void> {
  await t.services.metadata.transaction(async (tx) => {
    const before = (await loadRecords(tx, tenant, 'web', [testId])).get(testId) ?? { name: `secret test ${testId.slice(1)}`, quarantineId: null, record: newRecord(testId) };
    await saveRecord(tx, tenant, 'web', before, quarantineTest(before.record, { reason: 'flaky', owner: '@qa', by: 'ada', expiresAt }, at), at);
  });
}
async function releaseAt(tenant: string, testId: string, at: number): Promise<void> {
  await t.services.metadata.transaction(async (tx) => {
    const before = (await loadRecords(tx, tenant, 'web', [testId])).get(testId)!;
    await saveRecord(tx, tenant, 'web', before, releaseTest(before.record, 'ada', at), at);
  });
}

before(async () => {
  t = await startTestApp({}, { SEMANTEST_MIRROR_EVERY_SECONDS: '0', SEMANTEST_EVALUATE_EVERY_MINUTES: '0' });
  const a = await t.tenant('ds-a', 21);
  A = a.id;
  keyA = a.keys.admin;
  B = (await t.tenant('ds-b', 22)).id;
  for (const tenant of [A, B]) {
    for (let h = 0; h < HOURS; h++) {
      for (let k = 0; k < TESTS; k++) {
        const failed = (h + k) % 3 === 0;
        rows.push({
          tenant_id: tenant, test_id: `t${k}`, name: `secret test ${k}`, status: failed ? 'failed' : 'passed',
          environment: h % 2 === 0 ? 'prod' : 'staging', started_at: D0 + h * HOUR + k * 1000, error_signature: failed ? `sig${k % 2}` : '',
        });
      }
    }
  }
  const ndjson = rows.map((r) => JSON.stringify({
    ...r, project: 'web', run_id: `r${Math.floor((r.started_at - D0) / HOUR)}`, suite: 's', attempt: 1, is_final: 1, started_at: chTime(r.started_at),
    error_type: r.status === 'failed' ? 'AssertionError' : '', retention_days: 3650, owner: '@web', branch: 'main',
  })).join('\n');
  await t.services.analytics.insertJsonEachRow('test_results', Buffer.from(ndjson));
  // A: t1 quarantined, released, quarantined again (open); t2 with an expiry the job never processed
  await quarantineAt(A, 't1', D0 + 10 * HOUR);
  await releaseAt(A, 't1', D0 + 30 * HOUR);
  await quarantineAt(A, 't1', D0 + 50 * HOUR);
  await quarantineAt(A, 't2', D0 + 20 * HOUR, D0 + 40 * HOUR);
  periods.push([A, 't1', D0 + 10 * HOUR, D0 + 30 * HOUR], [A, 't1', D0 + 50 * HOUR, Infinity], [A, 't2', D0 + 20 * HOUR, D0 + 40 * HOUR]);
  // B quarantines t3 for the whole time: must not touch A's counts
  await quarantineAt(B, 't3', D0);
  periods.push([B, 't3', D0, Infinity]);
  for (const tenant of [A, B]) await t.services.intelligence.mirror.mirrorTests(tenant, 'web');
});
after(() => t.close());

const ctx = (tenantId: string, extra: Partial<CompileContext> = {}): CompileContext => ({
  tenantId, principal: { kind: 'user', login: 'vera', email: 'vera@example.com', role: 'Viewer' },
  policies: [], maskingRules: [], tenantSettings: { denyByDefault: false, maskingKey: `key-${tenantId}` }, now: new Date(), ...extra,
});
const run = async (query: unknown, c: CompileContext) => {
  const compiled = compileQuery(query, c);
  return t.services.analytics.query<Record<string, string | number>>(compiled.sql, { ...compiled.params });
};
const quarantined = (r: Row) => periods.some(([tenant, id, s, e]) => tenant === r.tenant_id && id === r.test_id && r.started_at >= s && r.started_at < e);

async function checkSplit(tenant: string, c: CompileContext, admit: (r: Row) => boolean): Promise<void> {
  const got = await run({
    version: 1, dataset: 'results', groupBy: ['test', 'quarantined'], shape: 'table', limit: 100,
    metrics: [{ fn: 'failure_count' }, { fn: 'real_failure_count' }, { fn: 'quarantined_failure_count' }, { fn: 'count' }],
  }, c);
  const want = new Map<string, { all: number; real: number; q: number; n: number }>();
  for (const r of rows.filter((x) => x.tenant_id === tenant && admit(x))) {
    const key = `${r.name}|${quarantined(r)}`;
    const w = want.get(key) ?? { all: 0, real: 0, q: 0, n: 0 };
    w.n++;
    if (r.status === 'failed') { w.all++; if (quarantined(r)) w.q++; else w.real++; }
    want.set(key, w);
  }
  assert.equal(got.length, want.size);
  for (const g of got) {
    const w = want.get(`${g.d0}|${g.d1}`);
    assert.ok(w, `unexpected group ${g.d0} ${g.d1}`);
    assert.deepEqual([Number(g.m0), Number(g.m1), Number(g.m2), Number(g.m3)], [w.all, w.real, w.q, w.n], `${g.d0} quarantined=${g.d1}`);
  }
}

test('results: quarantined flag and split failure counts follow the quarantine periods (real + quarantined = failures)', async () => {
  await checkSplit(A, ctx(A), () => true);
  await checkSplit(B, ctx(B), () => true);
  // filtering on the flag works like any dimension
  const real = await run({ version: 1, dataset: 'errors', metrics: [{ fn: 'count' }], filters: [{ field: 'quarantined', op: '=', value: 'false' }], shape: 'single' }, ctx(A));
  assert.equal(Number(real[0]!.m0), rows.filter((r) => r.tenant_id === A && r.status === 'failed' && !quarantined(r)).length);
});

test('results: row policies restrict the rows, the quarantine flags stay right (classifier not filtered)', async () => {
  const prodOnly: RowPolicy = { id: 'prod', name: 'prod only', condition: [{ field: 'environment', op: '=', value: 'prod' }], appliesTo: { everyone: true } };
  await checkSplit(A, ctx(A, { policies: [prodOnly] }), (r) => r.environment === 'prod');
  const denied = await run({ version: 1, dataset: 'results', metrics: [{ fn: 'quarantined_failure_count' }], shape: 'single' },
    ctx(A, { tenantSettings: { denyByDefault: true, maskingKey: 'k' } }));
  assert.equal(Number(denied[0]?.m0 ?? 0), 0);
});

test('test_states: effective states from the mirror, names masked, other tenants invisible', async () => {
  const got = await run({ version: 1, dataset: 'test_states', metrics: [{ fn: 'count' }, { fn: 'max', field: 'failure_rate' }], groupBy: ['test', 'state', 'owner'], shape: 'table' }, ctx(A));
  const byName = Object.fromEntries(got.map((r) => [r.d0, r]));
  assert.deepEqual(Object.keys(byName).sort(), ['secret test 1', 'secret test 2']);
  assert.equal(byName['secret test 1']!.d1, 'quarantined');
  assert.equal(byName['secret test 2']!.d1, 'healthy', 'the expired quarantine no longer counts');
  assert.equal(byName['secret test 1']!.d2, '@web', 'owner from the results');
  const b = await run({ version: 1, dataset: 'test_states', metrics: [{ fn: 'count' }], groupBy: ['test', 'state'], shape: 'table' }, ctx(B));
  assert.deepEqual(b.map((r) => [r.d0, r.d1]), [['secret test 3', 'quarantined']]);
  const hashName: MaskingRule = { id: 'm', field: 'name', method: 'hash' };
  const masked = await run({ version: 1, dataset: 'test_states', metrics: [{ fn: 'count' }], groupBy: ['test'], shape: 'table' }, ctx(A, { maskingRules: [hashName] }));
  assert.equal(masked.length, 2);
  assert.ok(masked.every((r) => !String(r.d0).includes('secret')), 'masked names');
});

test('failure_clusters: the daily aggregate equals the raw failures per signature, per tenant', async () => {
  const from = D0;
  const to = D0 + 6 * DAY;
  const got = await run({ version: 1, dataset: 'failure_clusters', metrics: [{ fn: 'count' }, { fn: 'distinct_tests' }, { fn: 'first_seen' }], groupBy: ['error_signature'], timeRange: { from, to }, shape: 'table' }, ctx(A));
  for (const sig of ['sig0', 'sig1']) {
    const mine = rows.filter((r) => r.tenant_id === A && r.error_signature === sig);
    const g = got.find((r) => r.d0 === sig);
    assert.ok(g);
    assert.equal(Number(g.m0), mine.length);
    assert.equal(Number(g.m1), new Set(mine.map((r) => r.test_id)).size);
    assert.equal(Number(g.m2), Math.min(...mine.map((r) => r.started_at)));
  }
  const policy: RowPolicy = { id: 'other', name: 'other project', condition: [{ field: 'project', op: '=', value: 'api' }], appliesTo: { everyone: true } };
  const hidden = await run({ version: 1, dataset: 'failure_clusters', metrics: [{ fn: 'count' }], shape: 'single' }, ctx(A, { policies: [policy] }));
  assert.equal(Number(hidden[0]?.m0 ?? 0), 0);
});

test('quarantines and releases made through the API reach the datasets at once (periodic sync off)', async () => {
  const quarantined = async () =>
    (await run({ version: 1, dataset: 'test_states', metrics: [{ fn: 'count' }], filters: [{ field: 'state', op: '=', value: 'quarantined' }], groupBy: ['test'], shape: 'table' }, ctx(A)))
      .map((r) => r.d0)
      .sort();
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/quarantine', headers: bearer(keyA), payload: { project: 'web', testId: 't0', reason: 'investigating' } });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(await quarantined(), ['secret test 0', 'secret test 1']);
  await t.services.intelligence.mirror.syncChanged(); // idempotent: nothing doubles
  assert.deepEqual(await quarantined(), ['secret test 0', 'secret test 1']);
  const released = await t.app.inject({ method: 'DELETE', url: `/api/v1/quarantine/${(res.json() as { id: string }).id}`, headers: bearer(keyA) });
  assert.equal(released.statusCode, 200, released.body);
  assert.deepEqual(await quarantined(), ['secret test 1']);
});
