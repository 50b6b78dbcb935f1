/**
 * The dashboard scope: project / suite / environment / branch template variables, and the filters
 * that tie a panel's query to them. A filter value that is exactly `$name` is expanded by the
 * datasource (plugins/datasource/src/interpolate.ts) into the selected values, so multi-value and
 * "All" become one bound `in` list; nothing here is ever printed into SQL.
 */
import { datasetHasField, findDataset, type Dimension, type Filter } from '@semantest/query-model';

export interface ScopeVariable {
  readonly name: string;
  readonly label: string;
  readonly dimension: Dimension;
}

export const SCOPE_VARIABLES: readonly ScopeVariable[] = [
  { name: 'project', label: 'Project', dimension: 'project' },
  { name: 'suite', label: 'Suite', dimension: 'suite' },
  { name: 'environment', label: 'Environment', dimension: 'environment' },
  { name: 'branch', label: 'Branch', dimension: 'branch' },
];

/**
 * Dimensions a dataset has in the catalog but leaves empty for many rows, where
 * `suite in (…all suites…)` would hide them: perf samples are mostly run-level, and regression
 * checks of level `metric` have no suite.
 */
const SPARSE: Readonly<Record<string, readonly Dimension[]>> = { perf: ['suite'], regressions: ['suite'] };

/** `field in [$var]` for every scope variable the dataset can be filtered by. */
export function scopeFilters(dataset: string): Filter[] {
  const ds = findDataset(dataset);
  if (!ds) throw new Error(`unknown dataset ${dataset}`);
  return SCOPE_VARIABLES
    .filter((v) => datasetHasField(ds, v.dimension) && !(SPARSE[dataset] ?? []).includes(v.dimension))
    .map((v) => ({ field: v.dimension, op: 'in', value: [`$${v.name}`] }));
}
