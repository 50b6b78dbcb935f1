import { Type, type Static } from 'typebox';

export const METRIC_FUNCTIONS = [
  'count', 'pass_rate', 'failure_count', 'error_count', 'skipped_count',
  'avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum', 'distinct_tests',
  // test intelligence: failures split by quarantine (real + quarantined = failure_count),
  // distinct runs and first/last seen (epoch ms) of failure clusters
  'real_failure_count', 'quarantined_failure_count', 'distinct_runs', 'first_seen', 'last_seen',
  // the field's value at the latest time (platform self-monitoring gauges such as rows stored)
  'last',
] as const;
export type MetricFn = (typeof METRIC_FUNCTIONS)[number];

/** Functions that aggregate a numeric field and therefore need `field`. */
export const FIELD_METRICS: readonly MetricFn[] = ['avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum', 'last'];

export const NUMERIC_FIELDS = [
  'duration_ms', 'value',
  // test_states
  'failure_rate', 'flips',
  // regressions
  'baseline_value', 'current_value', 'change_pct', 'effect_size', 'p_value', 'confidence',
  // run_diff: median duration of the test on each side (change_pct is shared with regressions)
  'before_ms', 'after_ms',
] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];

/** Output names are plain identifiers so they can never carry SQL. */
export const ALIAS_PATTERN = '^[a-z][a-z0-9_]{0,62}$';

export const MetricSchema = Type.Object(
  {
    fn: Type.Enum(METRIC_FUNCTIONS),
    field: Type.Optional(Type.Enum(NUMERIC_FIELDS)),
    alias: Type.Optional(Type.String({ pattern: ALIAS_PATTERN })),
  },
  { additionalProperties: false },
);
export type Metric = Static<typeof MetricSchema>;

/** The output name of a metric: its alias, else `fn` or `fn_field`. */
export function metricName(m: Metric): string {
  if (m.alias) return m.alias;
  return m.field ? `${m.fn}_${m.field}` : m.fn;
}
