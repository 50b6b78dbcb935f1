/**
 * Fetches both samples of every series in one statement: rows of
 * (key, side, values). Durations come from final, passing attempts (a
 * failure's duration measures the failure — a timeout, an early assert —
 * not the test); suite durations are the per-run sum over the suite; perf
 * metrics come from perf_samples. The baseline is a previous period or a
 * pinned set of runs.
 */
import { chTime, type BoundSql } from '../sql.ts';

export type Baseline = { kind: 'period'; from: number; to: number } | { kind: 'runs'; runIds: string[] };

export interface SamplesQuery {
  tenant: string;
  project: string;
  level: 'test' | 'suite' | 'metric';
  /** perf_samples metric name, for level 'metric'. */
  metric?: string;
  baseline: Baseline;
  current: { from: number; to: number };
  /** Restrict to one branch (e.g. main); omitted = all branches. */
  branch?: string;
}

export interface SampleRow {
  key: string;
  side: 'baseline' | 'current';
  vals: number[];
}

export function samplesSql(q: SamplesQuery): BoundSql {
  const ts = q.level === 'metric' ? 'ts' : 'started_at';
  const params: BoundSql['params'] = { tenant: q.tenant, project: q.project, curFrom: chTime(q.current.from), curTo: chTime(q.current.to) };
  const inCurrent = `(${ts} >= {curFrom:DateTime64(3, 'UTC')} AND ${ts} < {curTo:DateTime64(3, 'UTC')})`;
  let inBaseline: string;
  if (q.baseline.kind === 'period') {
    params.baseFrom = chTime(q.baseline.from);
    params.baseTo = chTime(q.baseline.to);
    inBaseline = `(${ts} >= {baseFrom:DateTime64(3, 'UTC')} AND ${ts} < {baseTo:DateTime64(3, 'UTC')})`;
  } else {
    params.baseRuns = q.baseline.runIds;
    inBaseline = 'has({baseRuns:Array(String)}, run_id)';
  }
  // A pinned baseline run inside the current period still counts as baseline.
  const side = `if(${inBaseline}, 'baseline', 'current')`;
  const branch = q.branch ? '\n  AND branch = {branch:String}' : '';
  if (q.branch) params.branch = q.branch;
  const guard = `tenant_id = {tenant:String}\n  AND project = {project:String}\n  AND (${inBaseline} OR ${inCurrent})${branch}`;

  if (q.level === 'metric') {
    params.metric = q.metric ?? '';
    return {
      sql: `SELECT if(test_id != '', test_id, suite) AS key, ${side} AS side, groupArray(value) AS vals
FROM perf_samples
WHERE ${guard}
  AND metric = {metric:String}
GROUP BY key, side
ORDER BY key, side`,
      params,
    };
  }
  if (q.level === 'suite') {
    return {
      sql: `SELECT suite AS key, run_side AS side, groupArray(total_ms) AS vals
FROM
(
    SELECT suite, run_id, any(${side}) AS run_side, sum(duration_ms) AS total_ms
    FROM test_results
    WHERE ${guard}
      AND is_final = 1 AND status != 'skipped'
    GROUP BY suite, run_id
)
GROUP BY key, side
ORDER BY key, side`,
      params,
    };
  }
  return {
    sql: `SELECT test_id AS key, ${side} AS side, groupArray(duration_ms) AS vals
FROM test_results
WHERE ${guard}
  AND is_final = 1 AND status = 'passed'
GROUP BY key, side
ORDER BY key, side`,
    params,
  };
}

/** Pairs the rows into series for detectRegressions. */
export function rowsToSeries(rows: readonly SampleRow[], metric: string): Array<{ key: string; metric: string; baseline: number[]; current: number[] }> {
  const byKey = new Map<string, { key: string; metric: string; baseline: number[]; current: number[] }>();
  for (const row of rows) {
    const s = byKey.get(row.key) ?? { key: row.key, metric, baseline: [], current: [] };
    s[row.side].push(...row.vals.map(Number));
    byKey.set(row.key, s);
  }
  return [...byKey.values()];
}
