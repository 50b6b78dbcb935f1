import type { Query } from '@semantest/query-model';
import { resolveCompareSides } from '@semantest/query-model';
import type { Expr } from '../../ast/expr.ts';
import { call } from '../../ast/call.ts';
import { compare } from '../../ast/compare.ts';
import { ref } from '../../ast/ref.ts';
import { str } from '../../ast/param.ts';
import { alias, select, type SelectNode } from '../../ast/select.ts';
import { subquery, type SubqueryNode } from '../../ast/table.ts';
import { QueryCompileError } from '../../errors.ts';
import { durationStages } from './rule.ts';
import { sidesSelect } from './sides.ts';

/** The alias of the derived rows; passes/lower-metrics lowers metrics over it like a per-row table. */
export const RUN_DIFF_ALIAS = 'run_diff';

const SIDE_COLUMNS = ['project', 'test_id', 't_suite', 't_name', 't_file', 't_owner', 't_branch', 'b_n', 'a_n', 'b_status', 'a_status', 'b_durs', 'a_durs'];

/** One select per stage over the previous one, carrying every column forward. */
function stacked(first: SelectNode, stages: readonly (readonly [string, Expr])[][]): { select: SelectNode; columns: string[] } {
  let current = first;
  const columns = [...SIDE_COLUMNS];
  stages.forEach((stage, i) => {
    current = select({
      projections: [...columns.map((c) => alias(ref(c), c)), ...stage.map(([name, e]) => alias(e, name))],
      from: subquery(current, `stage${i}`),
    });
    columns.push(...stage.map(([name]) => name));
  });
  return { select: current, columns };
}

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
  const computed = stacked(sidesSelect(sides.before, sides.after), durationStages());
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
      alias(ref('before_ms'), 'before_ms'),
      alias(ref('after_ms'), 'after_ms'),
      alias(ref('change_pct'), 'change_pct'),
      alias(call('arrayJoin', [call('if', [compare('=', duration, str('')), call('array', [status]), call('array', [status, duration])])]), 'change'),
    ],
    from: subquery(computed.select, 'diff'),
  });
  return subquery(rows, RUN_DIFF_ALIAS);
}
