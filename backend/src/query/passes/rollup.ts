import type { MetricFn } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { column } from '../ast/column.ts';
import { mapExpr, mapSelectExprs } from '../ast/walk.ts';
import { withSelect, type SelectNode } from '../ast/select.ts';
import { table } from '../ast/table.ts';
import { collectNodes } from './collect.ts';

const HOUR = 3_600_000;

/** Raw test_results column → rollup column. Anything else is not in the rollup. */
const COLUMN_MAP: Record<string, string> = { project: 'project', suite: 'suite', test_id: 'test_id', name: 'name', started_at: 'hour' };
const ROLLUP_METRICS: readonly MetricFn[] = [
  'count', 'pass_rate', 'failure_count', 'error_count', 'skipped_count',
  'avg', 'min', 'max', 'sum', 'p50', 'p90', 'p95', 'p99', 'distinct_tests',
];

export interface RollupHints {
  /**
   * Shape `rows`: the query reads source rows, which the rollup (hourly aggregate
   * states) does not hold. A flag rather than "no metric in the select", because
   * the export row estimate (exports/row-estimate.ts) sends a metric-free select
   * of group keys through the pipeline and the rollup answers that one exactly.
   */
  readonly rows?: boolean;
  readonly intervalMs?: number;
  readonly timezone: string;
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** Why the rollup cannot answer exactly, or undefined when it can. */
export function rollupBlocker(s: SelectNode, hints: RollupHints): string | undefined {
  if (hints.rows === true) return 'rows';
  if (s.from.kind !== 'table' || s.from.name !== 'test_results') return 'source';
  if (hints.intervalMs !== undefined && hints.intervalMs % HOUR !== 0) return 'interval';
  if (hints.intervalMs !== undefined && hints.timezone !== 'UTC') return 'timezone';
  if ((hints.fromMs ?? 0) % HOUR !== 0 || (hints.toMs ?? 0) % HOUR !== 0) return 'range';
  for (const n of collectNodes(s)) {
    if (n.kind === 'label' || n.kind === 'in_subquery') return n.kind;
    if (n.kind === 'column' && !(n.name in COLUMN_MAP)) return `column ${n.name}`;
    if (n.kind === 'metric' && (!ROLLUP_METRICS.includes(n.fn) || (n.field && n.field !== 'duration_ms'))) return `metric ${n.fn}`;
  }
  return undefined;
}

/**
 * Rollup selection: swaps test_results for test_results_hourly when every
 * column (user filters AND row policies — this pass runs after them), metric,
 * interval (whole hours, UTC) and time bound (hour-aligned) can be answered
 * exactly from the hourly states. Metrics stay abstract; lower-metrics then
 * emits the merge form. Masking expressions over `name` carry over unchanged.
 */
export function rollupPass(s: SelectNode, hints: RollupHints): { select: SelectNode; used: boolean } {
  if (rollupBlocker(s, hints) !== undefined) return { select: s, used: false };
  const rename = (e: Expr): Expr | undefined =>
    e.kind === 'column' ? column(COLUMN_MAP[e.name] ?? e.name, e.table) : undefined;
  const renamed = mapSelectExprs(s, (e) => mapExpr(e, rename, (x) => x));
  return { select: withSelect(renamed, { from: table('test_results_hourly') }), used: true };
}
