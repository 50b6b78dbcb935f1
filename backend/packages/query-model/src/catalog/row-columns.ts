import type { CatalogRowColumn } from './types.ts';
import { dimColumns } from './common.ts';

/**
 * Columns of the `rows` shape per dataset. Each id maps to one physical column
 * in the backend's source binding (backend/src/query/model/sources.ts, `rowColumns`);
 * a test checks that every id listed here resolves there. Left out on purpose:
 * stable hashes of masked fields (test_id, class name: they would let a caller
 * confirm a masked test name by hashing guesses), ingest bookkeeping
 * (content_hash, retention_days, ingested_at) and free-form audit details.
 */
const col = (id: string, type: CatalogRowColumn['type'], description: string, unit?: string): CatalogRowColumn =>
  ({ id, type, description, ...(unit ? { unit } : {}) });

const RESULT_COMMON: CatalogRowColumn[] = [
  col('started_at', 'time', 'When the attempt started'),
  col('run_id', 'string', 'The CI run (upload) the result belongs to'),
  ...dimColumns('project', 'suite', 'test', 'file', 'status'),
  col('attempt', 'number', 'Attempt number (retries count up from 1)'),
  col('is_final', 'number', '1 for the final attempt of a test in its run, else 0'),
  col('duration_ms', 'number', 'Duration of the attempt', 'ms'),
  ...dimColumns('branch'),
  col('commit', 'string', 'Commit SHA'),
  col('pull_request', 'string', 'Pull request'),
  col('build_id', 'string', 'CI build id'),
  col('shard', 'string', 'CI shard'),
  ...dimColumns('environment', 'browser', 'os', 'owner', 'error_type', 'error_message', 'quarantined'),
];

export const RESULTS_ROW_COLUMNS: readonly CatalogRowColumn[] = RESULT_COMMON;

export const ERRORS_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  ...RESULT_COMMON,
  ...dimColumns('error_signature', 'error_stack', 'stdout', 'stderr'),
];

export const RUNS_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  col('started_at', 'time', 'When the run started'),
  col('finished_at', 'time', 'When the run finished'),
  col('run_id', 'string', 'Run id'),
  ...dimColumns('project'),
  col('source_format', 'string', 'Report format of the upload (junit, trx, …)'),
  col('ci_provider', 'string', 'CI provider'),
  col('build_id', 'string', 'CI build id'),
  col('build_url', 'string', 'CI build URL'),
  col('commit', 'string', 'Commit SHA'),
  ...dimColumns('branch'),
  col('pull_request', 'string', 'Pull request'),
  ...dimColumns('environment', 'os', 'browser'),
  col('shard', 'string', 'CI shard'),
  col('duration_ms', 'number', 'Duration of the run', 'ms'),
  col('total', 'number', 'Tests in the run'),
  col('passed', 'number', 'Passed tests'),
  col('failed', 'number', 'Failed tests'),
  col('errors', 'number', 'Errored tests'),
  col('skipped', 'number', 'Skipped tests'),
];

export const PERF_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  col('ts', 'time', 'When the sample was taken'),
  col('run_id', 'string', 'The CI run of the sample'),
  ...dimColumns('project', 'suite', 'test', 'environment', 'browser', 'os', 'branch', 'metric'),
  col('value', 'number', 'Sampled value (see unit)'),
  col('unit', 'string', 'Unit of the value'),
];

export const AUDIT_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  col('at', 'time', 'When it happened'),
  ...dimColumns('actor', 'actor_kind', 'action', 'resource', 'outcome', 'risk'),
];

export const TEST_STATES_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  col('since', 'time', 'When the test entered its current state'),
  ...dimColumns('project', 'suite', 'test', 'owner', 'state'),
  col('detected', 'string', 'How the state was detected'),
  col('last_evidence_at', 'time', 'Latest result that supported the state'),
  col('failure_rate', 'number', 'Recent failure rate', 'percentunit'),
  col('flips', 'number', 'Recent status flips'),
];

export const REGRESSIONS_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  col('checked_at', 'time', 'When the check ran'),
  ...dimColumns('project', 'level', 'metric', 'suite', 'test', 'verdict'),
  col('baseline_value', 'number', 'Baseline median'),
  col('current_value', 'number', 'Current median'),
  col('change_pct', 'number', 'Change of the median', 'percentunit'),
  col('effect_size', 'number', "Cliff's delta"),
  col('p_value', 'number', 'p-value'),
  col('confidence', 'number', 'Confidence (1 − q)', 'percentunit'),
  col('baseline_n', 'number', 'Samples in the baseline'),
  col('current_n', 'number', 'Samples in the current window'),
];

export const PLATFORM_ROW_COLUMNS: readonly CatalogRowColumn[] = [
  col('ts', 'time', 'When the sample was taken'),
  ...dimColumns('metric'),
  col('value', 'number', 'Sampled value'),
];
