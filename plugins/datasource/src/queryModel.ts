/**
 * Local copy of the query model v1 types (the contract of POST /api/v1/query).
 *
 * The canonical definitions are in `@semantest/query-model` (backend/packages/query-model), which
 * was still being written when this plugin was built. Everything the plugin needs from the model is
 * imported from THIS file only, so switching to the package is a one-file change:
 * `export type { QueryModel, ... } from '@semantest/query-model'`.
 */
export const QUERY_MODEL_VERSION = 1;

import type { Filter as ModelFilter, Metric as ModelMetric, MetricFn as ModelMetricFn, FilterOp as ModelFilterOp, NumericField, Query, Shape as ModelShape } from '@semantest/query-model';

// Types come from the shared package (type-only import: nothing of it is bundled).
export type Dataset = 'results' | 'runs' | 'perf' | 'errors';
export type MetricFn = ModelMetricFn;
export type MetricField = NumericField;
export type Dimension = string;
export type FilterOp = ModelFilterOp;
export type Shape = ModelShape;
export type Metric = ModelMetric;
export type Filter = ModelFilter;
export type QueryModel = Query;

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
