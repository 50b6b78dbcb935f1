import type { CatalogDataset } from './types.ts';
import { COUNT, DISTINCT_TESTS, dims, fieldMetrics } from './common.ts';
import { REGRESSIONS_ROW_COLUMNS, TEST_STATES_ROW_COLUMNS } from './row-columns.ts';

/**
 * Test-intelligence datasets. Their rows are precomputed in ClickHouse (the
 * backend mirrors states and regressions from the evaluation job and keeps a
 * daily failure-cluster aggregate), so they compile like every other dataset:
 * tenant guard, row policies and masking apply unchanged.
 */
export const INTELLIGENCE_DATASETS: readonly CatalogDataset[] = [
  {
    id: 'test_states',
    title: 'Test states',
    description: 'One row per test the monitors have judged: current state (healthy, flaky, broken, quarantined), since when, owner, and its recent failure rate and status flips',
    metrics: [COUNT, DISTINCT_TESTS, ...fieldMetrics('failure_rate', 'percentunit'), ...fieldMetrics('flips', 'short')],
    dimensions: dims('project', 'suite', 'test', 'owner', 'state'),
    labels: false,
    timeField: 'since: when the test entered its current state',
    rowColumns: TEST_STATES_ROW_COLUMNS,
    minRole: 'Viewer',
  },
  {
    id: 'failure_clusters',
    title: 'Failure clusters',
    description: 'Failing final attempts grouped by normalised failure signature, per UTC day: failures, affected tests and runs, first and last seen',
    metrics: [
      { fn: 'count', unit: 'short', description: 'Failures' },
      { ...DISTINCT_TESTS, description: 'Affected tests' },
      { fn: 'distinct_runs', unit: 'short', description: 'Affected runs' },
      { fn: 'first_seen', unit: 'dateTimeAsIso', description: 'First failure (epoch ms)' },
      { fn: 'last_seen', unit: 'dateTimeAsIso', description: 'Last failure (epoch ms)' },
    ],
    dimensions: dims('project', 'branch', 'error_signature', 'error_type'),
    labels: false,
    timeField: 'day (UTC): a day counts when its start lies in the range',
    minRole: 'Viewer',
  },
  {
    id: 'regressions',
    title: 'Performance regressions',
    description: 'Latest regression check per test, suite or performance metric: baseline and current medians, change, effect size (Cliff\'s delta), p-value and confidence (1 − q)',
    metrics: [
      COUNT,
      ...fieldMetrics('change_pct', 'percentunit'), ...fieldMetrics('effect_size', 'none'),
      ...fieldMetrics('p_value', 'none'), ...fieldMetrics('confidence', 'percentunit'),
      ...fieldMetrics('baseline_value', 'none'), ...fieldMetrics('current_value', 'none'),
    ],
    dimensions: dims('project', 'suite', 'test', 'metric', 'level', 'verdict'),
    labels: false,
    timeField: 'checked_at: when the check ran',
    rowColumns: REGRESSIONS_ROW_COLUMNS,
    minRole: 'Viewer',
  },
];

/**
 * Run / release diff as a dataset: the rows of POST /api/v1/diff, computed by
 * the compiler in SQL with the same rule and thresholds (src/query/model/run-diff).
 */
export const RUN_DIFF_DATASET: CatalogDataset = {
  id: 'run_diff',
  title: 'Run diff',
  description: 'Per test, what changed between two sides (runs, commits, branches or windows): new failures, fixed, still failing, added, removed, unchanged, and durations slower or faster beyond noise. A test whose status changed and whose duration moved has two rows (use distinct_tests to count tests)',
  metrics: [
    { fn: 'count', unit: 'short', description: 'Rows (a test counts once per change)' },
    DISTINCT_TESTS,
    ...fieldMetrics('before_ms', 'ms'), ...fieldMetrics('after_ms', 'ms'), ...fieldMetrics('change_pct', 'percentunit'),
  ],
  dimensions: dims('project', 'suite', 'test', 'file', 'owner', 'branch', 'change'),
  labels: false,
  timeField: 'the after side (unless compare.after says otherwise); the before side defaults to the period of the same length just before it',
  shapes: ['table', 'single'],
  compare: 'compare: { before?, after? }, each a run { run }, a commit { commit } or a window { from, to, branch? }; before may instead say period: previous (default) or same',
  minRole: 'Viewer',
};
