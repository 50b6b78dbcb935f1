/**
 * Local copy of the query model v1 types (the contract of POST /api/v1/query).
 *
 * The canonical definitions are in `@semantest/query-model` (backend/packages/query-model), which
 * was still being written when this plugin was built. Everything the plugin needs from the model is
 * imported from THIS file only, so switching to the package is a one-file change:
 * `export type { QueryModel, ... } from '@semantest/query-model'`.
 */
export const QUERY_MODEL_VERSION = 1;

export type Dataset = 'results' | 'runs' | 'perf' | 'errors';
export type MetricFn =
  | 'count' | 'pass_rate' | 'failure_count' | 'error_count' | 'skipped_count'
  | 'avg' | 'min' | 'max' | 'p50' | 'p90' | 'p95' | 'p99' | 'sum' | 'distinct_tests';
export type MetricField = 'duration_ms' | 'value';
export type Dimension =
  | 'project' | 'suite' | 'test' | 'file' | 'environment' | 'browser' | 'os' | 'branch'
  | 'status' | 'error_type' | 'owner' | 'metric' | `label:${string}`;
export type FilterOp =
  | '=' | '!=' | 'in' | 'not_in' | 'like' | 'contains' | 'regex' | '<' | '<=' | '>' | '>=' | 'is_null' | 'not_null';
export type Shape = 'timeseries_long' | 'timeseries_wide' | 'table' | 'single';

export interface Metric {
  fn: MetricFn;
  field?: MetricField;
  alias?: string;
}

export interface Filter {
  field: string;
  op: FilterOp;
  value?: string | number | Array<string | number>;
}

export interface QueryModel {
  version: typeof QUERY_MODEL_VERSION;
  dataset: Dataset;
  metrics: Metric[];
  groupBy: Dimension[];
  filters: Filter[];
  intervalMs?: number;
  timezone?: string;
  orderBy?: Array<{ field: string; dir: 'asc' | 'desc' }>;
  limit?: number;
  shape: Shape;
}

export const DATASETS: Dataset[] = ['results', 'runs', 'perf', 'errors'];
export const METRIC_FNS: MetricFn[] = [
  'count', 'pass_rate', 'failure_count', 'error_count', 'skipped_count', 'distinct_tests',
  'avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum',
];
/** Aggregations over a numeric column need `field`; the others count rows. */
export const FIELD_FNS: ReadonlySet<MetricFn> = new Set(['avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum']);
export const METRIC_FIELDS: MetricField[] = ['duration_ms', 'value'];
export const DIMENSIONS: Dimension[] = [
  'project', 'suite', 'test', 'file', 'environment', 'browser', 'os', 'branch', 'status', 'error_type', 'owner', 'metric',
];
export const FILTER_OPS: FilterOp[] = ['=', '!=', 'in', 'not_in', 'like', 'contains', 'regex', '<', '<=', '>', '>=', 'is_null', 'not_null'];
export const MULTI_VALUE_OPS: ReadonlySet<FilterOp> = new Set(['in', 'not_in']);
export const NO_VALUE_OPS: ReadonlySet<FilterOp> = new Set(['is_null', 'not_null']);
export const SHAPES: Shape[] = ['timeseries_long', 'timeseries_wide', 'table', 'single'];

export function defaultModel(): QueryModel {
  return {
    version: QUERY_MODEL_VERSION,
    dataset: 'results',
    metrics: [{ fn: 'pass_rate' }],
    groupBy: ['project'],
    filters: [],
    shape: 'timeseries_long',
  };
}
