import type { CatalogDataset } from './types.ts';
import { COUNT, DISTINCT_TESTS, OUTCOME_METRICS, QUARANTINE_METRICS, dims, fieldMetrics } from './common.ts';
import { INTELLIGENCE_DATASETS, RUN_DIFF_DATASET } from './intelligence.ts';
import { AUDIT_ROW_COLUMNS, ERRORS_ROW_COLUMNS, PERF_ROW_COLUMNS, PLATFORM_ROW_COLUMNS, RESULTS_ROW_COLUMNS, RUNS_ROW_COLUMNS } from './row-columns.ts';

const WHERE_DIMS = ['project', 'environment', 'browser', 'os', 'branch'] as const;

/**
 * The dataset registry. Later issues add datasets by appending here (and a
 * backend source binding); the query schema accepts any id and validateQuery()
 * checks it against this list.
 */
export const DATASETS: readonly CatalogDataset[] = [
  {
    id: 'results',
    title: 'Test results',
    description: 'One row per executed test attempt',
    metrics: [COUNT, ...OUTCOME_METRICS, ...QUARANTINE_METRICS, ...fieldMetrics('duration_ms', 'ms'), DISTINCT_TESTS],
    dimensions: dims(...WHERE_DIMS, 'suite', 'test', 'file', 'status', 'error_type', 'owner', 'quarantined'),
    labels: true,
    rowColumns: RESULTS_ROW_COLUMNS,
    minRole: 'Viewer',
  },
  {
    id: 'runs',
    title: 'Test runs',
    description: 'One row per uploaded CI run',
    metrics: [COUNT, ...OUTCOME_METRICS, ...fieldMetrics('duration_ms', 'ms')],
    dimensions: dims(...WHERE_DIMS),
    labels: true,
    rowColumns: RUNS_ROW_COLUMNS,
    minRole: 'Viewer',
  },
  {
    id: 'perf',
    title: 'Performance samples',
    description: 'Performance metric samples (CPU, memory, latency, page load, custom)',
    metrics: [COUNT, ...fieldMetrics('value', 'none')],
    dimensions: dims(...WHERE_DIMS, 'suite', 'test', 'metric'),
    labels: true,
    rowColumns: PERF_ROW_COLUMNS,
    minRole: 'Viewer',
  },
  {
    id: 'errors',
    title: 'Errors',
    description: 'Failed and errored test attempts with their messages and output',
    metrics: [COUNT, { fn: 'failure_count', unit: 'short', description: 'Failed tests' },
      { fn: 'error_count', unit: 'short', description: 'Errored tests' }, ...QUARANTINE_METRICS, DISTINCT_TESTS],
    dimensions: dims(...WHERE_DIMS, 'suite', 'test', 'file', 'status', 'error_type', 'owner',
      'error_message', 'error_stack', 'error_signature', 'stdout', 'stderr', 'quarantined'),
    labels: true,
    rowColumns: ERRORS_ROW_COLUMNS,
    minRole: 'Viewer',
  },
  {
    id: 'audit',
    title: 'Audit log',
    description: 'Queries, admin changes and refused accesses (admins only)',
    metrics: [COUNT],
    dimensions: dims('actor', 'actor_kind', 'action', 'resource', 'outcome', 'risk'),
    labels: false,
    rowColumns: AUDIT_ROW_COLUMNS,
    minRole: 'Admin',
  },
  ...INTELLIGENCE_DATASETS,
  RUN_DIFF_DATASET,
  {
    id: 'platform',
    title: 'Platform health',
    description: 'Self-monitoring samples of this tenant: queue depth, batch and query latency, rows ingested, rows and bytes stored (admins only)',
    metrics: [COUNT, ...fieldMetrics('value', 'none'), { fn: 'last', fields: ['value'], unit: 'none', description: 'value of the latest sample' }],
    dimensions: [{ id: 'metric', description: 'Sampled metric, e.g. batch_latency_p95_ms, queue_depth_rows, query_latency_p95_ms, rows_stored, bytes_on_disk_est' }],
    labels: false,
    rowColumns: PLATFORM_ROW_COLUMNS,
    minRole: 'Admin',
  },
];

export function findDataset(id: string): CatalogDataset | undefined {
  return DATASETS.find((d) => d.id === id);
}
