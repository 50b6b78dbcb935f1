/**
 * THE definition of "new failure", used by the annotations (`new_failures`)
 * and the report condition (`new_failures`):
 *
 *   a test (by test_id) whose latest FINAL attempt in the window fails
 *   (failed or error), and whose latest final outcome before the window was
 *   not a failure — or which had no result before the window.
 *
 * Retries count only through the final attempt: a test that fails and then
 * passes on retry did not fail. Tests are keyed by test_id, never by name, so
 * a masked name (redact, hash) cannot merge or split tests; the name and
 * suite are returned for display only, masked as the principal sees them.
 * Both sides are judged on what the principal may read (the pipeline adds the
 * tenant guard and row policies to every table reference, the "before" one
 * included). The diff API is a two-sided comparison; newFailuresOfDiff()
 * below applies the same rule to its lists.
 *
 * Output aliases: time (first failing final result in the window, ms),
 * title (name), suite, project, test_id, failures (failing final results).
 */
import { isFailing } from '../intelligence/types.ts';
import type { RunDiff, SideResult } from '../intelligence/diff/diff.ts';
import type { Expr } from './ast/expr.ts';
import { call } from './ast/call.ts';
import { column } from './ast/column.ts';
import { compare } from './ast/compare.ts';
import { conjoin } from './ast/logic.ts';
import { inSubquery } from './ast/misc.ts';
import { param } from './ast/param.ts';
import { ref } from './ast/ref.ts';
import { alias, order, select, type SelectNode } from './ast/select.ts';
import { subquery, table } from './ast/table.ts';
import type { CompileContext } from './context.ts';
import { timeRangeExpr } from './model/time.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';

const FAILING = () => param(['failed', 'error'], 'Array(String)');
const fails = (status: Expr) => call('has', [FAILING(), status]);
const final = () => compare('=', column('is_final'), param(1, 'UInt64'));
const latest = (c: string) => call('argMax', [column(c), column('started_at')]);

/** test_ids whose latest final outcome before `fromMs` is a failure (they are not new). */
function failingBefore(fromMs: number): SelectNode {
  const prior = select({
    projections: [alias(column('test_id'), 'test_id'), alias(latest('status'), 'prev_status')],
    from: table('test_results'),
    where: conjoin([final(), compare('<', column('started_at'), call('fromUnixTimestamp64Milli', [param(fromMs, 'Int64')]))])!,
    groupBy: [column('test_id')],
  });
  return select({
    projections: [alias(ref('test_id'), 'test_id')],
    from: subquery(prior, 'prior'),
    where: fails(ref('prev_status')),
  });
}

/** The new failures of [fromMs, toMs) as a select (run it through runPipeline). `filters` narrow the window side. */
export function newFailuresSelect(fromMs: number, toMs: number, filters: readonly Expr[], limit: number): SelectNode {
  const perTest = select({
    projections: [
      alias(column('project'), 'project'), alias(column('test_id'), 'test_id'),
      alias(latest('name'), 'last_name'), alias(latest('suite'), 'last_suite'), alias(latest('status'), 'last_status'),
      alias(call('min', [column('started_at')]), 'first_at'), alias(call('countIf', [fails(column('status'))]), 'failures'),
    ],
    from: table('test_results'),
    where: conjoin([timeRangeExpr('started_at', fromMs, toMs), final(), ...filters,
      inSubquery(column('test_id'), failingBefore(fromMs), true)])!,
    groupBy: [column('project'), column('test_id')],
  });
  // Inner aliases never equal a column name: ClickHouse resolves a WHERE name to a same-named
  // SELECT alias first, so `argMax(suite, …) AS suite` would turn a row policy on suite into an aggregate.
  return select({
    projections: [
      alias(call('toUnixTimestamp64Milli', [ref('first_at')]), 'time'), alias(ref('last_name'), 'title'), alias(ref('last_suite'), 'suite'),
      alias(ref('project'), 'project'), alias(ref('test_id'), 'test_id'), alias(ref('failures'), 'failures'),
    ],
    from: subquery(perTest, 'window_tests'),
    where: fails(ref('last_status')),
    orderBy: [order(ref('time'), 'ASC'), order(ref('test_id'), 'ASC')],
    limit: param(limit, 'UInt32'),
  });
}

/** Compiled under `ctx` (tenant guard, row policies, masking): for callers outside the compiler (reports). */
export function compileNewFailures(fromMs: number, toMs: number, ctx: CompileContext, limit: number): PipelineResult {
  return runPipeline(newFailuresSelect(fromMs, toMs, [], limit), ctx, { timezone: 'UTC', fromMs, toMs }, 'tenant');
}

/**
 * The rule on a diff's lists: the diff files a test absent from the before
 * side under `added`; if it fails after, it had no earlier result there, so
 * it is a new failure too. Sorted by test_id like the diff's lists.
 */
export function newFailuresOfDiff(d: Pick<RunDiff, 'newFailures' | 'added'>): SideResult[] {
  return [...d.newFailures, ...d.added.filter((t) => isFailing(t.status))].sort((x, y) => x.testId.localeCompare(y.testId));
}
