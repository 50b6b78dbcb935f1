import type { Dimension } from '@semantest/query-model';

/**
 * Physical sources and the ONLY column names the compiler may reference.
 * A field a source lacks is simply absent here: the resolver refuses it, the
 * policy pass treats it as "this policy admits nothing" and rollup selection
 * treats it as "not rollup-able".
 */
export interface SourceBinding {
  readonly table: string;
  readonly timeColumn: string;
  readonly fields: Readonly<Partial<Record<Dimension, string>>>;
  readonly labels: boolean;
  /**
   * Row-only columns of the `rows` shape (catalog id → physical column), besides the
   * dimensions in `fields`. The catalog's `rowColumns` list which ids a dataset offers.
   */
  readonly rowColumns?: Readonly<Record<string, string>>;
  /** A ReplacingMergeTree mirror: only the latest row per key is correct, so it is read FINAL. */
  readonly final?: boolean;
  /**
   * Joined only to CLASSIFY rows of the main source (e.g. quarantine periods):
   * it contributes no rows of its own, so row policies (written for the main
   * source's fields) are not applied to it. The tenant guard always is.
   */
  readonly classifierOnly?: boolean;
  /**
   * Not a physical table: rows derived per query from other sources (run_diff:
   * model/run-diff/). The resolver reads a subquery whose table references the
   * passes secure as usual; `fields` name the subquery's output columns.
   */
  readonly derived?: boolean;
}

const COMMON = { project: 'project', environment: 'environment', browser: 'browser', os: 'os', branch: 'branch' } as const;
const RUN_INFO = { run_id: 'run_id', commit: 'commit_sha', pull_request: 'pull_request', build_id: 'build_id', shard: 'shard' } as const;

export const SOURCES = {
  test_results: {
    table: 'test_results', timeColumn: 'started_at', labels: true,
    fields: {
      ...COMMON, suite: 'suite', test: 'name', file: 'file', status: 'status', error_type: 'error_type', owner: 'owner',
      error_message: 'error_message', error_stack: 'error_stack', error_signature: 'error_signature', stdout: 'stdout', stderr: 'stderr',
    },
    rowColumns: { ...RUN_INFO, started_at: 'started_at', attempt: 'attempt', is_final: 'is_final', duration_ms: 'duration_ms' },
  },
  test_results_hourly: {
    table: 'test_results_hourly', timeColumn: 'hour', labels: false,
    fields: { project: 'project', suite: 'suite', test: 'name' },
  },
  test_runs: {
    table: 'test_runs', timeColumn: 'started_at', labels: true, fields: { ...COMMON },
    rowColumns: {
      ...RUN_INFO, started_at: 'started_at', finished_at: 'finished_at', source_format: 'source_format', ci_provider: 'ci_provider',
      build_url: 'build_url', duration_ms: 'duration_ms', total: 'total', passed: 'passed', failed: 'failed', errors: 'errors', skipped: 'skipped',
    },
  },
  perf_samples: {
    table: 'perf_samples', timeColumn: 'ts', labels: true,
    fields: { ...COMMON, suite: 'suite', test: 'test_id', metric: 'metric' },
    rowColumns: { ts: 'ts', run_id: 'run_id', value: 'value', unit: 'unit' },
  },
  audit_log: {
    table: 'audit_log', timeColumn: 'at', labels: false,
    fields: { actor: 'actor', actor_kind: 'actor_kind', action: 'action', resource: 'resource', outcome: 'outcome', risk: 'risk' },
    rowColumns: { at: 'at' },
  },
  // Test intelligence (migration 0003): precomputed and mirrored, read like any other source.
  test_states_mirror: {
    table: 'test_states_mirror', timeColumn: 'since', labels: false, final: true,
    fields: { project: 'project', suite: 'suite', test: 'name', owner: 'owner', state: 'state' },
    rowColumns: { since: 'since', detected: 'detected', last_evidence_at: 'last_evidence_at', failure_rate: 'failure_rate', flips: 'flips' },
  },
  failure_clusters_daily: {
    table: 'failure_clusters_daily', timeColumn: 'day', labels: false,
    fields: { project: 'project', branch: 'branch', error_signature: 'error_signature', error_type: 'error_type' },
  },
  regression_checks: {
    table: 'regression_checks', timeColumn: 'checked_at', labels: false, final: true,
    fields: { project: 'project', suite: 'suite', test: 'name', metric: 'metric', level: 'level', verdict: 'verdict' },
    rowColumns: {
      checked_at: 'checked_at', baseline_value: 'baseline_value', current_value: 'current_value', change_pct: 'change_pct',
      effect_size: 'effect_size', p_value: 'p_value', confidence: 'confidence', baseline_n: 'baseline_n', current_n: 'current_n',
    },
  },
  // Self-monitoring samples (migration 0005, written by backend/src/platform).
  platform_metrics: { table: 'platform_metrics', timeColumn: 'ts', labels: false, fields: { metric: 'metric' }, rowColumns: { ts: 'ts', value: 'value' } },
  // Derived per query from test_results (model/run-diff/source.ts); never a table reference.
  run_diff: {
    table: 'run_diff', timeColumn: '', labels: false, derived: true,
    fields: { project: 'project', suite: 'suite', test: 'test', file: 'file', owner: 'owner', branch: 'branch', change: 'change' },
  },
  quarantine_periods: {
    table: 'quarantine_periods', timeColumn: 'starts_at', labels: false, final: true, classifierOnly: true,
    fields: { project: 'project', test: 'name' },
  },
} as const satisfies Record<string, SourceBinding>;

export type TableName = keyof typeof SOURCES;

/** Every column any source exposes, plus the internal ones metrics and guards use. */
export function sourceOf(table: string): SourceBinding | undefined {
  return (SOURCES as Record<string, SourceBinding>)[table];
}

/** Dataset → source table. */
export const DATASET_TABLE: Readonly<Record<string, TableName>> = {
  results: 'test_results',
  errors: 'test_results',
  runs: 'test_runs',
  perf: 'perf_samples',
  audit: 'audit_log',
  test_states: 'test_states_mirror',
  failure_clusters: 'failure_clusters_daily',
  regressions: 'regression_checks',
  run_diff: 'run_diff',
  platform: 'platform_metrics',
};
