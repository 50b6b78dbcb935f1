/**
 * Fetches both sides of a diff in one statement (UNION ALL, each branch
 * tenant-guarded). A side is a run, a commit, a branch within a window, or a
 * window; per test it yields the latest final status and all final durations.
 */
import { chTime, type BoundSql } from '../sql.ts';
import type { TestStatus } from '../types.ts';
import type { SideResult } from './diff.ts';

export type SideSelector =
  | { kind: 'run'; runId: string }
  | { kind: 'commit'; sha: string }
  | { kind: 'branch'; branch: string; from: number; to: number }
  | { kind: 'window'; from: number; to: number };

function condition(sel: SideSelector, p: string, params: BoundSql['params']): string {
  switch (sel.kind) {
    case 'run':
      params[`${p}run`] = sel.runId;
      return `run_id = {${p}run:String}`;
    case 'commit':
      params[`${p}sha`] = sel.sha;
      return `commit_sha = {${p}sha:String}`;
    case 'branch':
      params[`${p}branch`] = sel.branch;
      params[`${p}from`] = chTime(sel.from);
      params[`${p}to`] = chTime(sel.to);
      return `branch = {${p}branch:String} AND started_at >= {${p}from:DateTime64(3, 'UTC')} AND started_at < {${p}to:DateTime64(3, 'UTC')}`;
    case 'window':
      params[`${p}from`] = chTime(sel.from);
      params[`${p}to`] = chTime(sel.to);
      return `started_at >= {${p}from:DateTime64(3, 'UTC')} AND started_at < {${p}to:DateTime64(3, 'UTC')}`;
  }
}

export function diffSidesSql(tenant: string, project: string, before: SideSelector, after: SideSelector): BoundSql {
  const params: BoundSql['params'] = { tenant, project };
  const side = (label: 'before' | 'after', sel: SideSelector) => `SELECT {${label}Label:String} AS side, test_id, any(name) AS test_name,
    argMax(status, started_at) AS last_status, groupArrayIf(duration_ms, status != 'skipped') AS durations
FROM test_results
WHERE tenant_id = {tenant:String} AND project = {project:String} AND is_final = 1
  AND ${condition(sel, `${label}_`, params)}
GROUP BY test_id`;
  params.beforeLabel = 'before';
  params.afterLabel = 'after';
  return { sql: `${side('before', before)}\nUNION ALL\n${side('after', after)}`, params };
}

export interface SideRow {
  side: 'before' | 'after';
  test_id: string;
  test_name: string;
  last_status: string;
  durations: number[];
}

export function rowsToSides(rows: readonly SideRow[]): { before: SideResult[]; after: SideResult[] } {
  const out = { before: [] as SideResult[], after: [] as SideResult[] };
  for (const r of rows) {
    out[r.side].push({ testId: r.test_id, name: r.test_name, status: r.last_status as TestStatus, durations: r.durations.map(Number) });
  }
  return out;
}
