/**
 * Every panel query is a real query: the target, after the datasource's Go backend strips its
 * envelope (toBackendQuery) and the backend fills timing (fromGrafanaQuery), parses and validates
 * against the query model and the catalog, and the backend's compiler compiles it for a tenant.
 * Variables stay unexpanded here (`$project` is a valid string); live.test.ts runs them expanded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDataset, fromGrafanaQuery, metricName, parseQuery, validateQuery } from '@semantest/query-model';
import { buildDashboards, toBackendQuery, type ModelTarget } from '@semantest/dashboards';
import { compileAnnotationsQuery, compileQuery, QueryCompileError, type CompileContext } from '../../src/query/index.ts';
import { targetsOf } from './targets.ts';

const TIMING = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-11-08T00:00:00Z'), intervalMs: 300_000 };
const ctx = (role: 'Viewer' | 'Admin'): CompileContext => ({
  tenantId: 'tenant-dashboards',
  principal: { kind: 'user', login: role === 'Admin' ? 'ada' : 'vera', role },
  policies: [],
  maskingRules: [],
  tenantSettings: { denyByDefault: false, maskingKey: 'k' },
  now: new Date('2026-11-08T00:00:00Z'),
});

const all = targetsOf(buildDashboards());
const models = all.filter((t): t is typeof t & { target: ModelTarget } => t.target.queryType === 'model');

function backendModel(target: ModelTarget): unknown {
  return fromGrafanaQuery(toBackendQuery(target, TIMING).queries[0], TIMING);
}

test('there are model targets on every dashboard', () => {
  assert.ok(models.length >= 30, `${models.length} model targets`);
  assert.equal(new Set(models.map((m) => m.dashboard)).size, 4);
});

test('every model target validates against the query model and the catalog', () => {
  for (const { dashboard, panel, target } of models) {
    const where = `${dashboard}/${panel}`;
    const model = backendModel(target);
    const v = validateQuery(model);
    assert.ok(v.ok, `${where}: ${JSON.stringify(v.ok ? [] : v.errors)}`);
    const q = parseQuery(model);
    const ds = findDataset(q.dataset);
    assert.ok(ds, where);
    for (const m of q.metrics) assert.ok(ds.metrics.some((c) => c.fn === m.fn && (m.field === undefined || c.fields?.includes(m.field))), `${where}: ${metricName(m)}`);
    for (const g of q.groupBy ?? []) assert.ok(ds.dimensions.some((d) => d.id === g), `${where}: group by ${g}`);
    for (const f of q.filters ?? []) assert.ok(ds.dimensions.some((d) => d.id === f.field), `${where}: filter ${f.field}`);
    if (q.shape.startsWith('timeseries')) assert.ok(q.intervalMs !== undefined, `${where}: bucket width`);
  }
});

test('every model target compiles for a tenant (viewers for test data, admins for the audit log)', () => {
  for (const { dashboard, panel, target } of models) {
    const where = `${dashboard}/${panel}`;
    const adminOnly = findDataset(target.dataset)!.minRole === 'Admin';
    const compiled = compileQuery(backendModel(target), ctx(adminOnly ? 'Admin' : 'Viewer'));
    assert.match(compiled.sql, /^SELECT /, where);
    assert.equal(compiled.params.tenant, 'tenant-dashboards', `${where}: tenant guard bound`);
    if (adminOnly) {
      assert.throws(() => compileQuery(backendModel(target), ctx('Viewer')), (e: unknown) => e instanceof QueryCompileError && e.code === 'QUERY_FORBIDDEN_DATASET', where);
    }
  }
});

test('annotation targets compile through the same compiler', () => {
  const annotations = all.filter((t) => t.target.queryType === 'annotations');
  assert.ok(annotations.length >= 2);
  for (const { dashboard, panel, target } of annotations) {
    if (target.queryType !== 'annotations') continue;
    const compiled = compileAnnotationsQuery({ kind: target.annotationKind, timeRange: { from: TIMING.from, to: TIMING.to }, filters: target.filters }, ctx('Viewer'));
    assert.match(compiled.sql, /^SELECT /, `${dashboard}/${panel}`);
  }
});

test('stream targets carry nothing but the query type (the Go backend answers them with a Live channel)', () => {
  const streams = all.filter((t) => t.target.queryType === 'stream');
  assert.ok(streams.length >= 1);
  for (const s of streams) assert.deepEqual(Object.keys(s.target).sort(), ['datasource', 'queryType', 'refId']);
});
