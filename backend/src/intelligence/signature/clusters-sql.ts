/**
 * Failure clusters: failing final attempts grouped by `error_signature`
 * (filled at ingest by computeSignature), with counts, affected tests and
 * branches, first and last seen, and one sample — the clusters endpoint.
 *
 * Speed (analytics migration 0003, both kept by materialized views):
 * - `failed_results` holds only the failing final attempts, sorted by time,
 *   so a window reads its failures and nothing else (test_results is sorted
 *   by day then test: it cannot skip the passing rows of a day);
 * - for long windows (≥ HYBRID_MIN_DAYS whole UTC days), whole days come
 *   from the `failure_clusters_daily` aggregate and only the partial edge
 *   days from failed_results; both produce the same aggregate states and are
 *   merged.
 * Either way the answer is IDENTICAL to `clustersRawSql` (the reference on
 * test_results; equivalence tested on chDB): exact distinct counts and
 * deterministic samples — the first failure by (started_at, test_id, run_id,
 * attempt), the first 10 test names and 100 branches in sort order.
 */
import { chTime, type BoundSql } from '../sql.ts';

const DAY = 86_400_000;
/** Below this many whole days one scan of failed_results is cheaper than merging daily states. */
export const HYBRID_MIN_DAYS = 14;

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

const FAILING = `is_final = 1
  AND status IN ('failed', 'error')
  AND error_signature != ''`;

/** Aggregate states of failing final attempts, per signature (over test_results or failed_results). */
const RAW_STATES = `error_signature,
    count() AS failures,
    uniqExactState(test_id) AS tests,
    uniqExactState(run_id) AS runs,
    groupUniqArrayState(toString(branch)) AS branches,
    groupUniqArrayState(name) AS names,
    min(started_at) AS first_seen,
    max(started_at) AS last_seen,
    argMinState(tuple(error_type, substring(error_message, 1, 500)), tuple(started_at, test_id, run_id, attempt)) AS sample`;

const FINAL_COLUMNS = `error_signature AS signature,
    sum(failures) AS failures,
    uniqExactMerge(tests) AS tests,
    uniqExactMerge(runs) AS runs,
    arraySlice(arraySort(groupUniqArrayMerge(branches)), 1, 100) AS branches,
    min(first_seen) AS first_seen,
    max(last_seen) AS last_seen,
    tupleElement(argMinMerge(sample), 1) AS sample_type,
    tupleElement(argMinMerge(sample), 2) AS sample_message,
    arraySlice(arraySort(groupUniqArrayMerge(names)), 1, 10) AS sample_tests`;

const TAIL = `GROUP BY error_signature
ORDER BY failures DESC, signature
LIMIT {limit:UInt32}`;

function baseParams(q: ClustersQuery): BoundSql['params'] {
  const params: BoundSql['params'] = {
    tenant: q.tenant, project: q.project, from: chTime(q.from), to: chTime(q.to), limit: Math.min(Math.max(q.limit ?? 100, 1), 10_000),
  };
  if (q.branch) params.branch = q.branch;
  return params;
}

/**
 * test_results is sorted by (tenant, project, toStartOfDay(started_at), …) and chDB does not
 * derive a day range from a bare `started_at` bound, so every raw read also states the UTC
 * days it covers — the same expression as the sort key — which lets the primary index skip
 * the other days (measured: 36 instead of 109 granules for 7 of 28 days).
 */
function dayBounds(name: string, from: number, to: number): { sql: string; params: BoundSql['params'] } {
  // an empty range gets first > last, which the index turns into zero granules
  const first = Math.floor(from / DAY) * DAY + (to <= from ? DAY : 0);
  const last = Math.floor(Math.max(from, to - 1) / DAY) * DAY;
  return {
    sql: `toStartOfDay(started_at) >= {${name}0:DateTime('UTC')} AND toStartOfDay(started_at) <= {${name}1:DateTime('UTC')}`,
    params: { [`${name}0`]: first / 1000, [`${name}1`]: last / 1000 },
  };
}

/** The whole-day span inside [from, to): [dayFrom, dayTo), empty (both = to) when there is none. */
export function wholeDays(from: number, to: number): { dayFrom: number; dayTo: number } {
  const dayFrom = Math.ceil(from / DAY) * DAY;
  const dayTo = Math.floor(to / DAY) * DAY;
  return dayFrom < dayTo ? { dayFrom, dayTo } : { dayFrom: to, dayTo: to };
}

export function clustersSql(q: ClustersQuery): BoundSql {
  const { dayFrom, dayTo } = wholeDays(q.from, q.to);
  const branch = q.branch ? '\n  AND branch = {branch:String}' : '';
  const failures = (range: string) => `SELECT ${RAW_STATES}
  FROM failed_results
  WHERE tenant_id = {tenant:String}
  AND project = {project:String}
  AND ${range}${branch}
  GROUP BY error_signature`;
  if (dayTo - dayFrom < HYBRID_MIN_DAYS * DAY) {
    return {
      sql: `SELECT
    ${FINAL_COLUMNS}
FROM (
  ${failures("started_at >= {from:DateTime64(3, 'UTC')} AND started_at < {to:DateTime64(3, 'UTC')}")}
)
${TAIL}`,
      params: baseParams(q),
    };
  }
  return {
    sql: `SELECT
    ${FINAL_COLUMNS}
FROM (
  SELECT error_signature,
    sum(failures) AS failures,
    uniqExactMergeState(tests) AS tests,
    uniqExactMergeState(runs) AS runs,
    groupUniqArrayMergeState(branches) AS branches,
    groupUniqArrayMergeState(names) AS names,
    min(first_seen) AS first_seen,
    max(last_seen) AS last_seen,
    argMinMergeState(sample) AS sample
  FROM failure_clusters_daily
  WHERE tenant_id = {tenant:String}
  AND project = {project:String}
  AND day >= {dayFrom:DateTime64(3, 'UTC')}
  AND day < {dayTo:DateTime64(3, 'UTC')}${branch}
  GROUP BY error_signature
  UNION ALL
  ${failures(`((started_at >= {from:DateTime64(3, 'UTC')} AND started_at < {dayFrom:DateTime64(3, 'UTC')})
    OR (started_at >= {dayTo:DateTime64(3, 'UTC')} AND started_at < {to:DateTime64(3, 'UTC')}))`)}
)
${TAIL}`,
    params: { ...baseParams(q), dayFrom: chTime(dayFrom), dayTo: chTime(dayTo) },
  };
}

/** The same answer from test_results alone: the reference for tests and the benchmark's baseline. */
export function clustersRawSql(q: ClustersQuery): BoundSql {
  const days = dayBounds('d', q.from, q.to);
  const branch = q.branch ? '\n  AND branch = {branch:String}' : '';
  return {
    sql: `SELECT
    ${FINAL_COLUMNS}
FROM (
  SELECT ${RAW_STATES}
  FROM test_results
  WHERE tenant_id = {tenant:String}
  AND project = {project:String}
  AND ${days.sql}
  AND started_at >= {from:DateTime64(3, 'UTC')}
  AND started_at < {to:DateTime64(3, 'UTC')}
  AND ${FAILING}${branch}
  GROUP BY error_signature
)
${TAIL}`,
    params: { ...baseParams(q), ...days.params },
  };
}
