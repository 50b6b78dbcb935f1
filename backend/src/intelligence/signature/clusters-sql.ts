/**
 * Failure clusters: failing final attempts grouped by `error_signature`
 * (filled at ingest by computeSignature), with counts, affected tests and
 * branches, first and last seen, and one sample message — the dataset
 * behind a clusters panel.
 */
import { chTime, type BoundSql } from '../sql.ts';

export interface ClustersQuery {
  tenant: string;
  project: string;
  from: number;
  to: number;
  branch?: string;
  limit?: number;
}

export interface ClusterRow {
  signature: string;
  failures: number;
  tests: number;
  runs: number;
  branches: string[];
  first_seen: string;
  last_seen: string;
  sample_type: string;
  sample_message: string;
  sample_tests: string[];
}

export function clustersSql(q: ClustersQuery): BoundSql {
  const params: BoundSql['params'] = {
    tenant: q.tenant, project: q.project, from: chTime(q.from), to: chTime(q.to), limit: Math.min(Math.max(q.limit ?? 100, 1), 10_000),
  };
  if (q.branch) params.branch = q.branch;
  return {
    sql: `SELECT
    error_signature AS signature,
    count() AS failures,
    uniqExact(test_id) AS tests,
    uniqExact(run_id) AS runs,
    arraySort(groupUniqArray(100)(toString(branch))) AS branches,
    min(started_at) AS first_seen,
    max(started_at) AS last_seen,
    any(error_type) AS sample_type,
    any(substring(error_message, 1, 500)) AS sample_message,
    groupUniqArray(10)(name) AS sample_tests
FROM test_results
WHERE tenant_id = {tenant:String}
  AND project = {project:String}
  AND started_at >= {from:DateTime64(3, 'UTC')}
  AND started_at < {to:DateTime64(3, 'UTC')}
  AND is_final = 1
  AND status IN ('failed', 'error')
  AND error_signature != ''${q.branch ? '\n  AND branch = {branch:String}' : ''}
GROUP BY error_signature
ORDER BY failures DESC, signature
LIMIT {limit:UInt32}`,
    params,
  };
}
