import type { Query } from '@semantest/query-model';
import { resolveCompareSides } from '@semantest/query-model';
import { call } from '../../ast/call.ts';
import { compare } from '../../ast/compare.ts';
import { ref } from '../../ast/ref.ts';
import { str } from '../../ast/param.ts';
import { alias, select } from '../../ast/select.ts';
import { subquery, type SubqueryNode } from '../../ast/table.ts';
import { QueryCompileError } from '../../errors.ts';
import { changePct, durationColumns, sideMedian, statusChange } from './rule.ts';
import { sidesSelect } from './sides.ts';

/** Columns run_diff rows expose to the user's select (model/sources.ts binds the dimensions to them). */
export const RUN_DIFF_ALIAS = 'run_diff';

/**
 * The rows of the run_diff dataset: one per (test, change). A test gets its
 * status change (new_failure, fixed, still_failing, added, removed, unchanged)
 * and, when its duration moved beyond noise, a second row (slower / faster) —
 * the same membership as the diff API's lists. No output column is called
 * `name` or any other masked column: masking already happened inside
 * sides.ts, where the raw table is read, and must not apply twice.
 */
export function runDiffSource(q: Query): SubqueryNode {
  const sides = resolveCompareSides(q);
  if (!sides.ok) throw new QueryCompileError('QUERY_INVALID', 'run_diff sides cannot be resolved', true, sides.issues);
  const status = ref('status_change');
  const duration = ref('duration_change');
  const rows = select({
    projections: [
      alias(ref('project'), 'project'),
      alias(ref('test_id'), 'test_id'),
      alias(ref('t_suite'), 'suite'),
      alias(ref('t_name'), 'test'),
      alias(ref('t_file'), 'file'),
      alias(ref('t_owner'), 'owner'),
      alias(ref('t_branch'), 'branch'),
      alias(sideMedian('b_durs'), 'before_ms'),
      alias(sideMedian('a_durs'), 'after_ms'),
      ...durationColumns().map(([name, e]) => alias(e, name)),
      alias(changePct(), 'change_pct'),
      alias(statusChange(), 'status_change'),
      alias(call('arrayJoin', [call('if', [compare('=', duration, str('')), call('array', [status]), call('array', [status, duration])])]), 'change'),
    ],
    from: subquery(sidesSelect(sides.before, sides.after), 'sides'),
  });
  return subquery(rows, RUN_DIFF_ALIAS);
}
