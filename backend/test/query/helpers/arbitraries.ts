import fc from 'fast-check';
import { DATASETS, DIMENSIONS, FILTER_OPS } from '@semantest/query-model';
import type { Filter } from '@semantest/query-model';
import type { MaskingRule, OrgRole, Principal, RowPolicy } from '../../../src/query/index.ts';

/** Every generated value carries this marker: SQL text must never contain it. */
export const MARK = 'ξ';
export const value = fc.string({ maxLength: 12 }).map((s) => `${MARK}${s}`);
const labelKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const role = fc.constantFrom<OrgRole>('Viewer', 'Editor', 'Admin');

export const fieldRef = (dims: readonly string[], labels: boolean) =>
  labels ? fc.oneof(fc.constantFrom(...dims), labelKey.map((k) => `label:${k}`)) : fc.constantFrom(...dims);

export const filter = (dims: readonly string[], labels: boolean): fc.Arbitrary<Filter> =>
  fc.record({ field: fieldRef(dims, labels), op: fc.constantFrom(...FILTER_OPS) }).chain(({ field, op }): fc.Arbitrary<Filter> => {
    if (op === 'is_null' || op === 'not_null') return fc.constant({ field, op });
    if (op === 'in' || op === 'not_in') return fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => ({ field, op, value: v }));
    return value.map((v) => ({ field, op, value: v }));
  });

const aggregateQuery = fc.constantFrom(...DATASETS).chain((ds) => {
  const dims = ds.dimensions.map((d) => d.id);
  return fc.record({
    version: fc.constant(1),
    dataset: fc.constant(ds.id),
    metrics: fc.uniqueArray(fc.constantFrom(...ds.metrics), { minLength: 1, maxLength: 3, selector: (m) => m.fn })
      .map((ms) => ms.map((m) => (m.fields ? { fn: m.fn, field: m.fields[0] } : { fn: m.fn }))),
    groupBy: fc.uniqueArray(fieldRef(dims, ds.labels), { maxLength: 3 }),
    filters: fc.array(filter(dims, ds.labels), { maxLength: 4 }),
    timeRange: fc.option(fc.record({ from: fc.integer({ min: 0, max: 2e12 }), to: fc.constant(2e12) }), { nil: undefined }),
    intervalMs: fc.oneof(fc.integer({ min: 1000, max: 86_400_000 }), fc.constant(3_600_000)),
    timezone: fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Kolkata'),
    shape: fc.constantFrom('timeseries_long', 'timeseries_wide', 'table', 'single'),
  }, { requiredKeys: ['version', 'dataset', 'metrics', 'groupBy', 'filters', 'intervalMs', 'timezone', 'shape'] });
});

/** Shape rows over the datasets that answer it: catalog row columns (and labels), ordered by one of them. */
const rowsQuery = fc.constantFrom(...DATASETS.filter((d) => d.rowColumns)).chain((ds) => {
  const dims = ds.dimensions.map((d) => d.id);
  const cols = fieldRef((ds.rowColumns ?? []).map((c) => c.id), ds.labels);
  return fc.uniqueArray(cols, { minLength: 1, maxLength: 8 }).chain((columns) => fc.record({
    version: fc.constant(1),
    dataset: fc.constant(ds.id),
    shape: fc.constant('rows'),
    columns: fc.constant(columns),
    filters: fc.array(filter(dims, ds.labels), { maxLength: 4 }),
    timeRange: fc.option(fc.record({ from: fc.integer({ min: 0, max: 2e12 }), to: fc.constant(2e12) }), { nil: undefined }),
    orderBy: fc.array(fc.record({ by: fc.constantFrom(...columns), dir: fc.constantFrom('asc', 'desc') }), { maxLength: 2 }),
    limit: fc.integer({ min: 1, max: 10_000 }),
  }, { requiredKeys: ['version', 'dataset', 'shape', 'columns', 'filters'] }));
});

/** Any model query: mostly aggregating shapes, one in four raw rows. */
export const query = fc.oneof({ arbitrary: aggregateQuery, weight: 3 }, { arbitrary: rowsQuery, weight: 1 });

const policyValue = fc.oneof(value, fc.constantFrom('${user.login}', '${user.email}', '${tenant}', 'rel-${current_month}', '${user.role}'));
export const policy = fc.record({
  id: fc.stringMatching(/^p[0-9]{1,3}$/),
  name: fc.constant('generated'),
  condition: fc.array(fc.record({ field: fieldRef(DIMENSIONS, true), op: fc.constantFrom('=', '!=', 'in', 'not_in', 'contains', 'not_null') })
    .chain(({ field, op }): fc.Arbitrary<Filter> => (op === 'not_null' ? fc.constant({ field, op })
      : op === 'in' || op === 'not_in' ? fc.array(policyValue, { minLength: 1, maxLength: 2 }).map((v) => ({ field, op, value: v }))
      : policyValue.map((v) => ({ field, op, value: v })))), { maxLength: 3 }),
  appliesTo: fc.oneof(
    fc.constant({ everyone: true as const }),
    fc.array(role, { minLength: 1, maxLength: 2 }).map((roles) => ({ roles })),
    fc.constant({ users: [`${MARK}user`] }),
  ),
}) as fc.Arbitrary<RowPolicy>;

export const maskingRule = fc.record({
  id: fc.stringMatching(/^m[0-9]{1,3}$/),
  field: fc.oneof(fc.constantFrom('error_message', 'error_stack', 'stdout', 'stderr', 'name'), labelKey.map((k) => `label:${k}`)),
  method: fc.constantFrom('redact', 'hash', 'partial', 'tokenize', 'null'),
  exemptRoles: fc.array(role, { maxLength: 2 }),
}) as fc.Arbitrary<MaskingRule>;

export const principal: fc.Arbitrary<Principal> = fc.oneof(
  role.map((r) => ({ kind: 'user' as const, login: `${MARK}user`, email: `${MARK}user@x`, role: r })),
  fc.constant({ kind: 'service' as const, role: 'Viewer' as const }),
);
