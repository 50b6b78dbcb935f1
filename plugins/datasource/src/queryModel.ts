/**
 * Query model v1 as the plugin sees it. The types are the shared package's
 * (`@semantest/query-model`, type-only import: nothing of it or TypeBox is bundled into module.js);
 * the option lists the editor offers stay here, so the browser bundle stays small.
 */
export const QUERY_MODEL_VERSION = 1;

import type { Filter as ModelFilter, OrderBy as ModelOrderBy, Metric as ModelMetric, MetricFn as ModelMetricFn, FilterOp as ModelFilterOp, NumericField, Query, Shape as ModelShape } from '@semantest/query-model';

// Types come from the shared package (type-only import: nothing of it is bundled).
/** A dataset id from the backend's catalog (the built-in four are the fallback when it cannot be read). */
export type Dataset = string;
export type MetricFn = ModelMetricFn;
export type MetricField = NumericField;
export type Dimension = string;
export type FilterOp = ModelFilterOp;
export type Shape = ModelShape;
export type Metric = ModelMetric;
export type Filter = ModelFilter;
export type QueryModel = Query;
export type OrderBy = ModelOrderBy;

export const DATASETS: Dataset[] = ['results', 'runs', 'perf', 'errors'];
export const METRIC_FNS: MetricFn[] = [
  'count', 'pass_rate', 'failure_count', 'error_count', 'skipped_count', 'distinct_tests',
  'avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum',
];
/** Aggregations over a numeric column need `field`; the others count rows. */
export const FIELD_FNS: ReadonlySet<MetricFn> = new Set(['avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum']);
export const METRIC_FIELDS: MetricField[] = [
  'duration_ms', 'value', 'failure_rate', 'flips', 'change_pct', 'effect_size', 'p_value', 'confidence',
  'baseline_value', 'current_value', 'before_ms', 'after_ms',
];
export const DIMENSIONS: Dimension[] = [
  'project', 'suite', 'test', 'file', 'environment', 'browser', 'os', 'branch', 'status', 'error_type', 'owner', 'metric', 'change',
];
export const FILTER_OPS: FilterOp[] = ['=', '!=', 'in', 'not_in', 'like', 'contains', 'regex', '<', '<=', '>', '>=', 'is_null', 'not_null'];
export const MULTI_VALUE_OPS: ReadonlySet<FilterOp> = new Set(['in', 'not_in']);
export const NO_VALUE_OPS: ReadonlySet<FilterOp> = new Set(['is_null', 'not_null']);
/** `rows` (raw rows, no aggregation) only where the dataset's catalog entry lists it. */
export const SHAPES: Shape[] = ['timeseries_long', 'timeseries_wide', 'table', 'single', 'rows'];

/** The `rows` shape reads `columns` instead of `metrics`, and is never grouped. */
export function isRows(shape: Shape | undefined): boolean {
  return shape === 'rows';
}

/** Shapes with a time axis: only they take a bucket interval and a legend (series names). */
export function hasTimeBuckets(shape: Shape): boolean {
  return shape === 'timeseries_long' || shape === 'timeseries_wide';
}

/**
 * Dimensions whose values are a fixed list, not data: offered without asking the backend, whose
 * answer would need a whole computation (run_diff's `change` needs both sides of a diff) and could
 * only list the values present right now. Source of truth: run_diff's rows
 * (backend/src/query/model/run-diff/rule.ts and source.ts).
 */
export const FIXED_VALUES: Readonly<Record<string, readonly string[]>> = {
  change: ['new_failure', 'fixed', 'still_failing', 'added', 'removed', 'unchanged', 'slower', 'faster'],
};

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
