import type { DiffSide } from '@semantest/query-model';
import type { Expr } from '../../ast/expr.ts';
import { call } from '../../ast/call.ts';
import { column } from '../../ast/column.ts';
import { compare } from '../../ast/compare.ts';
import { and, or } from '../../ast/logic.ts';
import { param, str } from '../../ast/param.ts';
import { alias, select, type SelectNode } from '../../ast/select.ts';
import { table } from '../../ast/table.ts';
import { dayBoundsExpr, timeRangeExpr } from '../time.ts';

/** Which raw rows belong to a side: the same choices as the diff API (intelligence/diff/sides-sql.ts). */
export function sideCondition(side: DiffSide): Expr {
  switch (side.kind) {
    case 'run': return compare('=', column('run_id'), str(side.runId));
    case 'commit': return compare('=', column('commit_sha'), str(side.sha));
    case 'window': {
      const range = timeRangeExpr('started_at', side.from, side.to);
      return side.branch === undefined ? range : and([compare('=', column('branch'), str(side.branch)), range]);
    }
  }
}

/**
 * A side as the WHERE states it: a window is also restated on the sort key's
 * UTC day (time.ts dayBoundsExpr, implied by the range) so the primary index
 * skips the days neither side covers.
 */
function sideFilter(side: DiffSide): Expr {
  return side.kind === 'window' ? and([sideCondition(side), dayBoundsExpr('started_at', side.from, side.to)]) : sideCondition(side);
}

/**
 * One row per (project, test) with both sides summarised, from ONE read of
 * `test_results` (a row may belong to both sides; `-If` aggregates allow it).
 * Per side, like the API: presence (any final attempt, skipped included), the
 * latest final status, and the sorted durations of non-skipped final attempts.
 * This select is the only table reference of run_diff: the tenant guard and the
 * row policies are added to its WHERE, and masking rewrites `name` inside it.
 */
export function sidesSelect(before: DiffSide, after: DiffSide): SelectNode {
  const b = () => sideCondition(before);
  const a = () => sideCondition(after);
  const timed = (cond: Expr) => and([cond, compare('!=', column('status'), str('skipped'))]);
  const latest = (col: string, cond: Expr) => call('argMaxIf', [column(col), column('started_at'), cond]);
  // owner and branch: the after side's latest value, else the before side's (rows are on one side or both)
  const current = (col: string) => call('argMax', [column(col), call('tuple', [a(), column('started_at')])]);
  return select({
    projections: [
      alias(column('project'), 'project'),
      alias(column('test_id'), 'test_id'),
      alias(call('countIf', [b()]), 'b_n'),
      alias(call('countIf', [a()]), 'a_n'),
      alias(call('any', [column('suite')]), 't_suite'),
      alias(call('any', [column('name')]), 't_name'),
      alias(call('any', [column('file')]), 't_file'),
      alias(current('owner'), 't_owner'),
      alias(current('branch'), 't_branch'),
      alias(latest('status', b()), 'b_status'),
      alias(latest('status', a()), 'a_status'),
      alias(call('arraySort', [call('groupArrayIf', [column('duration_ms'), timed(b())])]), 'b_durs'),
      alias(call('arraySort', [call('groupArrayIf', [column('duration_ms'), timed(a())])]), 'a_durs'),
    ],
    from: table('test_results'),
    where: and([compare('=', column('is_final'), param(1, 'UInt64')), or([sideFilter(before), sideFilter(after)])]),
    groupBy: [column('project'), column('test_id')],
  });
}
