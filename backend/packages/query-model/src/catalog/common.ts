import type { CatalogDimension, CatalogMetric, CatalogRowColumn } from './types.ts';
import type { Dimension, } from '../fields.ts';
import type { NumericField } from '../metric.ts';

const DIMENSION_TEXT: Record<Dimension, string> = {
  project: 'Project the results were uploaded for',
  suite: 'Test suite (or class/package group)',
  test: 'Test name',
  file: 'Source file of the test',
  environment: 'Deployment/test environment',
  browser: 'Browser the tests ran in',
  os: 'Operating system',
  branch: 'Git branch',
  status: 'Outcome: passed, failed, error, skipped',
  error_type: 'Exception/assertion type',
  owner: 'Owning team or person',
  metric: 'Performance metric name',
  error_message: 'Failure message',
  error_stack: 'Stack trace',
  error_signature: 'Normalised failure signature',
  stdout: 'Captured standard output',
  stderr: 'Captured standard error',
  actor: 'Who acted (login, e-mail or key id)',
  actor_kind: 'user, service or key',
  action: 'What was done',
  resource: 'What it was done to',
  outcome: 'allowed, denied or error',
  risk: 'low, medium, high',
  quarantined: 'true when the test was quarantined at the time the result ran, else false',
  state: 'Test state: healthy, flaky, broken or quarantined',
  level: 'What a regression compares: test (duration), suite (summed duration per run) or metric (performance samples)',
  verdict: 'regressed, improved or unchanged',
  change: 'What changed between the two sides: new_failure, fixed, still_failing, added, removed, unchanged; plus slower or faster when the duration moved beyond noise',
};

export function dims(...ids: Dimension[]): CatalogDimension[] {
  return ids.map((id) => ({ id, description: DIMENSION_TEXT[id] }));
}

/** Dimensions as string columns of the `rows` shape (same ids and texts as for grouping). */
export function dimColumns(...ids: Dimension[]): CatalogRowColumn[] {
  return ids.map((id) => ({ id, type: 'string', description: DIMENSION_TEXT[id] }));
}

/** avg/min/max/percentiles/sum of numeric fields, with the field's unit. */
export function fieldMetrics(field: NumericField, unit: string): CatalogMetric[] {
  const fns = ['avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'sum'] as const;
  return fns.map((fn) => ({ fn, fields: [field], unit, description: `${fn} of ${field}` }));
}

export const COUNT: CatalogMetric = { fn: 'count', unit: 'short', description: 'Number of rows' };
export const OUTCOME_METRICS: CatalogMetric[] = [
  { fn: 'pass_rate', unit: 'percentunit', description: 'passed / (passed + failed + error); skipped excluded' },
  { fn: 'failure_count', unit: 'short', description: 'Failed tests' },
  { fn: 'error_count', unit: 'short', description: 'Errored tests' },
  { fn: 'skipped_count', unit: 'short', description: 'Skipped tests' },
];
/** Failures split by the test's quarantine at the time of the result (computed at query time). */
export const QUARANTINE_METRICS: CatalogMetric[] = [
  { fn: 'real_failure_count', unit: 'short', description: 'Failed results of tests not quarantined when they ran' },
  { fn: 'quarantined_failure_count', unit: 'short', description: 'Failed results of tests quarantined when they ran (real + quarantined = failure count)' },
];
export const DISTINCT_TESTS: CatalogMetric = { fn: 'distinct_tests', unit: 'short', description: 'Distinct tests' };
