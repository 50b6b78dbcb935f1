import type { MetricFn } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { compare } from '../ast/compare.ts';
import { and, not } from '../ast/logic.ts';
import { str } from '../ast/param.ts';
import { assertNever } from '../ast/expr.ts';
import type { Source } from '../ast/table.ts';
import { quarantinedCondition } from '../model/quarantine.ts';

/**
 * The table whose rows a select aggregates: the FROM table, or the left side of
 * its joins; for a FROM subquery, its alias (the derived run_diff rows).
 */
export function mainTable(src: Source): string {
  switch (src.kind) {
    case 'table': return src.name;
    case 'join': return mainTable(src.left);
    case 'subquery': return src.alias;
    default: return assertNever(src);
  }
}

/** Failed results split by quarantine (needs the quarantine join; real + quarantined = failure_count). */
export function quarantineMetric(fn: MetricFn): Expr | undefined {
  const failed = compare('=', column('status'), str('failed'));
  if (fn === 'real_failure_count') return call('countIf', [and([failed, not(quarantinedCondition())])]);
  if (fn === 'quarantined_failure_count') return call('countIf', [and([failed, quarantinedCondition()])]);
  return undefined;
}

/** The daily failure-cluster aggregate: merge its states (each equals the raw aggregate). */
export function clusterMetric(fn: MetricFn): Expr | undefined {
  const ms = (e: Expr) => call('toUnixTimestamp64Milli', [e]);
  switch (fn) {
    case 'count': return call('sum', [column('failures')]);
    case 'distinct_tests': return call('uniqExactMerge', [column('tests')]);
    case 'distinct_runs': return call('uniqExactMerge', [column('runs')]);
    case 'first_seen': return ms(call('min', [column('first_seen')]));
    case 'last_seen': return ms(call('max', [column('last_seen')]));
    default: return undefined;
  }
}
