/**
 * Fetches the test histories the monitor evaluator reads, for one tenant and
 * project over a time window, in one pass over `test_results`:
 *
 * - the inner query groups attempts per (test, run) — the sort key
 *   (tenant_id, project, day, test_id, …) makes the tenant/project/time filter
 *   a range read;
 * - a window over run_id computes each run's failure ratio (share of its
 *   non-skipped tests with a failing attempt) for the outage guard, without a
 *   second table reference or a join.
 *
 * Rows come back ordered by test then time; rowsToHistories folds them.
 */
import type { BoundSql } from '../sql.ts';
import { chTime, parseChTime } from '../sql.ts';
import type { TestHistory, TestStatus } from '../types.ts';

export interface HistoryQuery {
  tenant: string;
  project: string;
  /** Epoch ms, inclusive / exclusive. */
  from: number;
  to: number;
  /** Restrict to these tests (e.g. a preview of a few); empty = all. */
  testIds?: string[];
}

export function historySql(q: HistoryQuery): BoundSql {
  // The test filter applies after the window: the outage ratio must count every test of the run.
  const filtered = Boolean(q.testIds && q.testIds.length > 0);
  const inner = `SELECT
  test_id, run_id, run_commit AS commit_sha, run_branch AS branch, first_started AS started_at,
  test_name AS name, test_file AS file, attempts,
  sum(any_failed) OVER (PARTITION BY run_id) / greatest(sum(executed) OVER (PARTITION BY run_id), 1) AS run_failure_ratio
FROM
(
    SELECT
        test_id, run_id,
        -- Aliases differ from column names: ClickHouse would otherwise
        -- resolve WHERE's started_at to the aggregate.
        any(commit_sha) AS run_commit,
        any(branch) AS run_branch,
        min(started_at) AS first_started,
        any(name) AS test_name,
        any(file) AS test_file,
        groupArray((toUInt32(attempt), toString(status), toUInt8(is_final))) AS attempts,
        max(status IN ('failed', 'error')) AS any_failed,
        max(status != 'skipped') AS executed
    FROM test_results
    WHERE tenant_id = {tenant:String}
      AND project = {project:String}
      AND started_at >= {from:DateTime64(3, 'UTC')}
      AND started_at < {to:DateTime64(3, 'UTC')}
    GROUP BY test_id, run_id
)`;
  const sql = filtered
    ? `SELECT * FROM\n(\n${inner}\n)\nWHERE has({testIds:Array(String)}, test_id)\nORDER BY test_id, started_at, run_id`
    : `${inner}\nORDER BY test_id, first_started, run_id`;
  const params: BoundSql['params'] = { tenant: q.tenant, project: q.project, from: chTime(q.from), to: chTime(q.to) };
  if (filtered) params.testIds = q.testIds!;
  return { sql, params };
}

export interface HistoryRow {
  test_id: string;
  run_id: string;
  commit_sha: string;
  branch: string;
  started_at: string;
  name: string;
  file: string;
  attempts: Array<[number, string, number]>;
  run_failure_ratio: number;
}

/** Folds ordered rows (JSONEachRow) into one history per test. */
export function rowsToHistories(rows: readonly HistoryRow[]): TestHistory[] {
  const byTest = new Map<string, TestHistory>();
  for (const row of rows) {
    let h = byTest.get(row.test_id);
    if (!h) {
      h = { testId: row.test_id, name: row.name, file: row.file, runs: [] };
      byTest.set(row.test_id, h);
    }
    h.runs.push({
      runId: row.run_id,
      commitSha: row.commit_sha,
      branch: row.branch,
      startedAt: parseChTime(row.started_at),
      runFailureRatio: Number(row.run_failure_ratio),
      attempts: row.attempts.map(([attempt, status, isFinal]) => ({ attempt: Number(attempt), status: status as TestStatus, isFinal: Number(isFinal) === 1 })),
    });
  }
  for (const h of byTest.values()) h.runs.sort((a, b) => a.startedAt - b.startedAt);
  return [...byTest.values()];
}
