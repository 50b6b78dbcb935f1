import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileAnnotationsQuery, compileQuery, compileValuesQuery, type CompiledQuery, type CompileContext } from '../../src/query/index.ts';
import { ctxFor, viewer } from './helpers/fixtures.ts';
import { openEngine, type TestEngine } from './helpers/chdb.ts';

/**
 * SQL-injection suite: hostile strings in every input position are either
 * refused with a coded error or carried as bound parameters — never in SQL text.
 */
const HOSTILE = [
  "x' OR 1=1 --",
  "'; DROP TABLE test_results; --",
  '`) UNION ALL SELECT * FROM system.users --',
  '{tenant:String}',
  '{p0:String}',
  "\\'; SELECT 1",
  '*/ SELECT 1 /*',
  "x\u0000y",
  'a"b`c',
  "') OR tenant_id != ('",
  '${tenant}',
  'café ☃ \u202e',
];

const ctx = ctxFor('tenant-a', viewer());
const q = (extra: Record<string, unknown>) => ({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table', ...extra });

/** The printed SQL has no string literal, no statement separator and no comment at all. */
function assertClean(c: { sql: string; params: Readonly<Record<string, unknown>> }, hostile?: string): void {
  for (const bad of ["'", ';', '--', '/*', '\u0000']) assert.ok(!c.sql.includes(bad), `SQL contains ${JSON.stringify(bad)}: ${c.sql}`);
  if (hostile !== undefined) {
    // a value that merely LOOKS like a placeholder is legitimately next to real ones in the text;
    // it is still a bound value (asserted below), which ClickHouse never re-parses
    if (!/^\{\w+:\w+\}$/.test(hostile)) assert.ok(!c.sql.includes(hostile), `hostile value reached SQL text: ${hostile}`);
    assert.ok(JSON.stringify(c.params).includes(JSON.stringify(hostile).slice(1, -1)), 'hostile value not bound');
  }
}

const refused = (fn: () => unknown, code = 'QUERY_INVALID') => assert.throws(fn, (e: unknown) => (e as { code?: string }).code === code);

test('hostile filter values, regexes, lists and likes are bound', () => {
  for (const h of HOSTILE) {
    for (const op of ['=', '!=', 'like', 'contains', 'regex', '<', '>=']) assertClean(compileQuery(q({ filters: [{ field: 'project', op, value: h }] }), ctx), h);
    assertClean(compileQuery(q({ filters: [{ field: 'label:team', op: 'in', value: [h, 'ok'] }] }), ctx), h);
  }
});

test('hostile dimension names, label keys, datasets, metric names and aliases are refused', () => {
  for (const h of HOSTILE) {
    refused(() => compileQuery(q({ groupBy: [h] }), ctx));
    refused(() => compileQuery(q({ groupBy: [`label:${h}`] }), ctx));
    refused(() => compileQuery(q({ filters: [{ field: h, op: '=', value: 'x' }] }), ctx));
    refused(() => compileQuery(q({ filters: [{ field: 'project', op: h, value: 'x' }] }), ctx));
    refused(() => compileQuery(q({ dataset: h }), ctx));
    refused(() => compileQuery(q({ metrics: [{ fn: h }] }), ctx));
    refused(() => compileQuery(q({ metrics: [{ fn: 'avg', field: h }] }), ctx));
    refused(() => compileQuery(q({ metrics: [{ fn: 'count', alias: h }] }), ctx));
    refused(() => compileQuery(q({ shape: h }), ctx));
  }
});

test('hostile time zones, intervals, ranges, orderings and limits are refused', () => {
  for (const h of HOSTILE) {
    refused(() => compileQuery(q({ shape: 'timeseries_long', intervalMs: 60000, timezone: h }), ctx));
    refused(() => compileQuery(q({ orderBy: [{ by: h, dir: 'asc' }] }), ctx));
    refused(() => compileQuery(q({ groupBy: ['project'], orderBy: [{ by: 'project', dir: h }] }), ctx));
    refused(() => compileQuery(q({ timeRange: { from: h, to: 1 } }), ctx));
  }
  for (const bad of ['60000', -1, 1.5, 1e15, Number.NaN, '1m; DROP']) {
    refused(() => compileQuery(q({ shape: 'timeseries_long', intervalMs: bad }), ctx));
  }
  for (const bad of ['10', 0, 10_001, 2.5, '1; DROP']) refused(() => compileQuery(q({ limit: bad }), ctx));
  refused(() => compileQuery(q({ extra: 'field' }), ctx));
});

test('label keys that pass validation are still bound, not printed', () => {
  const c = compileQuery(q({ groupBy: ['label:ci.job/name-1'], filters: [{ field: 'label:owner_x', op: 'not_null' }] }), ctx);
  assertClean(c);
  assert.ok(!c.sql.includes('ci.job/name-1') && !c.sql.includes('owner_x'));
  assert.deepEqual(Object.values(c.params).filter((v) => typeof v === 'string' && /ci\.job|owner_x/.test(v)).sort(), ['ci.job/name-1', 'owner_x']);
});

test('hostile tenant ids, masking keys, identities and policy values are bound', () => {
  for (const h of HOSTILE) {
    const hostileCtx: CompileContext = {
      ...ctx,
      tenantId: h,
      principal: { kind: 'user', login: h, email: h, role: 'Viewer' },
      tenantSettings: { denyByDefault: true, maskingKey: h },
      policies: [{ id: 'p', name: 'p', condition: [{ field: 'label:team', op: '=', value: '${user.login}' }, { field: 'suite', op: 'in', value: [h] }], appliesTo: { users: [h] } }],
      maskingRules: [{ id: 'm', field: 'name', method: 'hash' }],
    };
    const c = compileQuery(q({ groupBy: ['test'] }), hostileCtx);
    assertClean(c, h);
    assert.equal(c.params.tenant, h);
  }
});

test('values search and annotations filters are bound; hostile dimensions refused', () => {
  for (const h of HOSTILE) {
    assertClean(compileValuesQuery('project', h, 10, ctx), h);
    refused(() => compileValuesQuery(h, 'x', 10, ctx), h.startsWith('label:') ? 'QUERY_INVALID' : 'QUERY_UNKNOWN_FIELD');
    assertClean(compileAnnotationsQuery({ kind: 'new_failures', timeRange: { from: 0, to: 1 }, filters: [{ field: 'branch', op: '=', value: h }] }, ctx), h);
    refused(() => compileAnnotationsQuery({ kind: 'failed_runs', timeRange: { from: 0, to: 1 }, filters: [{ field: h, op: '=', value: 'x' }] }, ctx));
  }
});

let engine: TestEngine;
before(async () => { engine = await openEngine(); });
after(() => engine.close());

test('bound hostile values execute harmlessly on the real engine', async () => {
  const run = (c: CompiledQuery) => engine.query(c.sql, { ...c.params });
  for (const h of HOSTILE.filter((x) => !x.includes('\u0000'))) {
    const rows = await run(compileQuery(q({ filters: [{ field: 'project', op: '=', value: h }, { field: 'label:team', op: 'not_in', value: [h] }] }), { ...ctx, tenantId: h }));
    assert.deepEqual(rows.map((r) => Number(r.m0)), [0]);
  }
  const tables = await engine.query<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name');
  assert.ok(tables.some((t) => t.name === 'test_results'));
});
