import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, compileValuesQuery, resolveToken, toDataFrames, type CompileContext, type CompiledQuery } from '../../src/query/index.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';
import { HOUR, T0, admin, ctxFor, insertRows, sampleRows, viewer } from './helpers/fixtures.ts';

let engine: TestEngine;
const rows = sampleRows();
before(async () => { engine = await openEngine(); await insertRows(engine, rows); });
after(() => engine.close());

const run = (c: CompiledQuery) => engine.query(c.sql, { ...c.params });
const countQuery = (extra: Record<string, unknown> = {}) => ({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table', ...extra });

test('tenant isolation: each tenant counts only its own rows, per project', async () => {
  for (const tenant of ['tenant-a', 'tenant-b']) {
    const got = await run(compileQuery(countQuery({ groupBy: ['project'] }), ctxFor(tenant, viewer())));
    const expected = ['api', 'web'].map((p) => rows.filter((r) => r.tenant_id === tenant && r.project === p).length);
    assert.deepEqual(got.map((r) => Number(r.m0)).sort(), expected.sort());
  }
});

test('row policies: OR across applicable policies, AND within; ${user.login} bound', async () => {
  const ctx = ctxFor('tenant-a', viewer('red'), {
    policies: [
      { id: 'web-prod', name: 'web prod', condition: [{ field: 'project', op: '=', value: 'web' }, { field: 'environment', op: '=', value: 'prod' }], appliesTo: { roles: ['Viewer'] } },
      { id: 'own-team', name: 'own team', condition: [{ field: 'label:team', op: '=', value: '${user.login}' }], appliesTo: { users: ['red@example.com'] } },
      { id: 'admins', name: 'not me', condition: [{ field: 'project', op: '=', value: 'api' }], appliesTo: { roles: ['Admin'] } },
    ],
  });
  const c = compileQuery(countQuery(), ctx);
  assert.deepEqual(c.appliedPolicies, ['web-prod', 'own-team']);
  const [row] = await run(c);
  const expected = rows.filter((r) => r.tenant_id === 'tenant-a' && ((r.project === 'web' && r.environment === 'prod') || r.labels.team === 'red')).length;
  assert.equal(Number(row?.m0), expected);
});

test('deny-by-default: no applicable policy sees nothing; without it sees all tenant rows', async () => {
  const policies = [{ id: 'p', name: 'admins only', condition: [], appliesTo: { roles: ['Admin' as const] } }];
  const denied = compileQuery(countQuery(), ctxFor('tenant-a', viewer(), { policies, tenantSettings: { denyByDefault: true, maskingKey: 'k' } }));
  assert.deepEqual(denied.appliedPolicies, ['deny_by_default']);
  assert.equal(Number((await run(denied))[0]?.m0), 0);
  const open = compileQuery(countQuery(), ctxFor('tenant-a', viewer(), { policies }));
  assert.equal(Number((await run(open))[0]?.m0), rows.filter((r) => r.tenant_id === 'tenant-a').length);
});

test('hash masking: no raw value in results, grouping preserved, raw-value filters match nothing', async () => {
  const ctx = ctxFor('tenant-a', viewer(), { maskingRules: [{ id: 'h', field: 'name', method: 'hash', exemptRoles: ['Admin'] }] });
  const grouped = await run(compileQuery(countQuery({ groupBy: ['test'], limit: 100 }), ctx));
  assert.ok(!JSON.stringify(grouped).includes('secret'));
  assert.equal(grouped.length, new Set(rows.filter((r) => r.tenant_id === 'tenant-a').map((r) => r.name)).size);
  assert.ok(grouped.every((r) => /^[0-9A-F]{16}$/.test(String(r.d0))));
  const probe = await run(compileQuery(countQuery({ filters: [{ field: 'test', op: 'contains', value: 'secret' }] }), ctx));
  assert.equal(Number(probe[0]?.m0), 0);
  const byHash = await run(compileQuery(countQuery({ filters: [{ field: 'test', op: '=', value: String(grouped[0]?.d0) }] }), ctx));
  assert.equal(Number(byHash[0]?.m0), Number(grouped[0]?.m1 ?? grouped[0]?.m0));
  const asAdmin = await run(compileQuery(countQuery({ groupBy: ['test'], limit: 100 }), { ...ctx, principal: admin }));
  assert.ok(asAdmin.every((r) => String(r.d0).startsWith('secret test')));
  const otherTenant = await run(compileQuery(countQuery({ groupBy: ['test'], limit: 100 }), { ...ctx, tenantId: 'tenant-b', tenantSettings: { denyByDefault: false, maskingKey: 'key-of-tenant-b' } }));
  assert.equal(new Set([...grouped, ...otherTenant].map((r) => r.d0)).size, grouped.length + otherTenant.length, 'keys differ per tenant');
});

test('tokenize masking round-trips only for exempt roles; partial and redact hide values', async () => {
  const rules = [
    { id: 'tok', field: 'name' as const, method: 'tokenize' as const, exemptRoles: ['Admin' as const] },
    { id: 'mail', field: 'label:email' as const, method: 'partial' as const },
  ];
  const ctx = ctxFor('tenant-a', viewer(), { maskingRules: rules });
  const res = await run(compileQuery(countQuery({ groupBy: ['test', 'label:email'], limit: 100 }), ctx));
  assert.ok(res.length > 0 && !JSON.stringify(res).includes('secret') && !JSON.stringify(res).includes('corp.example'));
  const token = String(res[0]?.d0);
  assert.match(resolveToken(token, 'name', admin, rules, 'key-of-tenant-a'), /^secret test /);
  assert.throws(() => resolveToken(token, 'name', viewer(), rules, 'key-of-tenant-a'), { code: 'MASK_TOKEN_FORBIDDEN' });
  assert.throws(() => resolveToken(token, 'name', admin, rules, 'key-of-tenant-b'), { code: 'MASK_TOKEN_INVALID' });
  assert.ok(res.every((r) => /^pe….e$/.test(String(r.d1))), JSON.stringify(res[0]));
});

test('values endpoint applies tenant, policies and masking (also to the search)', async () => {
  const ctx = ctxFor('tenant-a', viewer(), {
    maskingRules: [{ id: 'r', field: 'error_message', method: 'redact' }],
    policies: [{ id: 'web', name: 'web', condition: [{ field: 'project', op: '=', value: 'web' }], appliesTo: { everyone: true } }],
  });
  const projects = await run(compileValuesQuery('project', undefined, 50, ctx));
  assert.deepEqual(projects.map((r) => r.d0), ['web']);
  const msgs = await run(compileValuesQuery('error_message', undefined, 50, ctx, { dataset: 'errors' }));
  assert.deepEqual([...new Set(msgs.map((r) => r.d0))], ['[redacted]']);
  assert.equal((await run(compileValuesQuery('error_message', 'secret', 50, ctx, { dataset: 'errors' }))).length, 0);
});

test('rollup answers exactly like the raw table (counts, rates, quantiles, min/max, avg)', async () => {
  const batches = [
    ['count', 'pass_rate', 'failure_count', 'error_count', 'skipped_count', 'distinct_tests'].map((fn) => ({ fn })),
    ['avg', 'min', 'max', 'sum', 'p50', 'p90', 'p95', 'p99'].map((fn) => ({ fn, field: 'duration_ms' })),
  ];
  const ctx = ctxFor('tenant-a', viewer(), { policies: [{ id: 'p', name: 'web', condition: [{ field: 'project', op: '=', value: 'web' }], appliesTo: { everyone: true } }] });
  const cases = [...batches.map((metrics) => ({ metrics, intervalMs: HOUR })), { metrics: batches[1] ?? [], intervalMs: 3 * HOUR }, { metrics: batches[0] ?? [], intervalMs: 24 * HOUR }];
  for (const { metrics, intervalMs } of cases) {
    const base = { version: 1, dataset: 'results', metrics, groupBy: ['project', 'suite', 'test'], timeRange: { from: T0 - 24 * HOUR, to: T0 + 24 * HOUR }, intervalMs, shape: 'timeseries_long', limit: 10000 };
    const rolled = compileQuery(base, ctx);
    // an always-true label filter keeps the query on the raw table
    const raw = compileQuery({ ...base, filters: [{ field: 'label:no_such_key', op: 'is_null' }] }, ctx);
    assert.equal(rolled.usedRollup, true);
    assert.equal(raw.usedRollup, false);
    const [a, b] = [await run(rolled), await run(raw)];
    assert.ok(a.length >= 6, `${a.length} rows`);
    assert.equal(a.length, b.length);
    // avg is sum/count on the rollup: equal up to float summation order
    const approx = new Set(rolled.columns.filter((c) => c.name.startsWith('avg')).map((c) => c.sqlName));
    a.forEach((ra, i) => {
      const rb = b[i] ?? {};
      for (const k of Object.keys(ra)) {
        if (approx.has(k)) assert.ok(Math.abs(Number(ra[k]) - Number(rb[k])) < 1e-9, `avg ${ra[k]} vs ${rb[k]}`);
        else assert.deepEqual(ra[k], rb[k], `column ${k}`);
      }
    });
  }
});

test('frames from real rows: wide series carry labels; long frames keep rows', async () => {
  const q = { version: 1, refId: 'A', dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['project'], timeRange: { from: T0, to: T0 + 6 * HOUR }, intervalMs: HOUR, shape: 'timeseries_wide' };
  const ctx: CompileContext = ctxFor('tenant-a', viewer());
  const c = compileQuery(q, ctx);
  const frames = toDataFrames(c, await run(c));
  assert.equal(frames.length, 1);
  const fields = frames[0]?.schema.fields ?? [];
  assert.deepEqual(fields.map((f) => f.labels?.project ?? f.type), ['time', 'api', 'web']);
  assert.equal(frames[0]?.data.values[0]?.length, 5);
  const multi = toDataFrames(c, await run(c), 'numeric_multi');
  assert.equal(multi.length, 2);
});

test('day buckets follow the local day of the query time zone', async () => {
  const ctx = ctxFor('tenant-a', viewer());
  const day = (timezone: string) => compileQuery({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], intervalMs: 86_400_000, timezone, timeRange: { from: T0 - 86_400_000, to: T0 + 86_400_000 }, shape: 'timeseries_long' }, ctx);
  const utc = await run(day('UTC'));
  const tokyo = await run(day('Asia/Tokyo'));
  assert.deepEqual(utc.map((r) => Number(r.time)), [T0]);
  // 00:00–05:xx UTC on 2026-03-10 is 09:00–14:xx in Tokyo: the bucket starts at Tokyo midnight (15:00 UTC the day before)
  assert.deepEqual(tokyo.map((r) => Number(r.time)), [T0 - 9 * HOUR]);
  assert.equal(Number(tokyo[0]?.m0), Number(utc[0]?.m0));
});
