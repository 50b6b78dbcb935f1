import type { Query } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { compare } from '../ast/compare.ts';
import { and } from '../ast/logic.ts';
import { str } from '../ast/param.ts';
import { ref } from '../ast/ref.ts';
import { alias, select } from '../ast/select.ts';
import { join, subquery, table, type Source } from '../ast/table.ts';

/**
 * "Was this result's test quarantined when it ran?" — answered at query time
 * (the ingest path is untouched): an ASOF LEFT JOIN picks, per result, the
 * latest quarantine period of the same project and test that started at or
 * before the result; the result is quarantined when it also ran before that
 * period's end. Exact because one test's periods never overlap (one active
 * quarantine per test in the metadata store). The periods subquery is a table
 * reference like any other: the tenant guard is added inside it; row policies
 * skip it (`classifierOnly`), since it only flags rows the policies already
 * admitted. Unmatched rows get the default `q_ends` (1970), i.e. not quarantined.
 */
export const QUARANTINED_FIELD = 'quarantined';
const QUARANTINE_METRIC_FNS = new Set(['real_failure_count', 'quarantined_failure_count']);

export function usesQuarantine(q: Query): boolean {
  return (q.groupBy ?? []).includes(QUARANTINED_FIELD)
    || (q.filters ?? []).some((f) => f.field === QUARANTINED_FIELD)
    || (q.columns ?? []).includes(QUARANTINED_FIELD)
    || q.metrics.some((m) => QUARANTINE_METRIC_FNS.has(m.fn));
}

/** `main ASOF LEFT JOIN (periods) AS q ON project = q_project AND test_id = q_test_id AND started_at >= q_starts` */
export function withQuarantinePeriods(mainTable: string): Source {
  const periods = select({
    projections: [
      alias(column('project'), 'q_project'), alias(column('test_id'), 'q_test_id'),
      alias(column('starts_at'), 'q_starts'), alias(column('ends_at'), 'q_ends'),
    ],
    from: table('quarantine_periods'),
  });
  const on = and([
    compare('=', column('project'), ref('q_project')),
    compare('=', column('test_id'), ref('q_test_id')),
    compare('>=', column('started_at'), ref('q_starts')),
  ]);
  return join('ASOF LEFT', table(mainTable), subquery(periods, 'q'), on);
}

/** True when the row ran inside its matched period (only valid with the join above). */
export const quarantinedCondition = (): Expr => compare('<', column('started_at'), ref('q_ends'));

/** The `quarantined` dimension: 'true' / 'false' (strings, like every dimension). */
export const quarantinedExpr = (): Expr => call('if', [quarantinedCondition(), str('true'), str('false')]);
