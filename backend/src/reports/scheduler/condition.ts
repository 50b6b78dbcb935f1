/**
 * "Send only if …": evaluated on the report's own time range and principal.
 * any_failure and pass_rate_below judge the results dataset's counts by
 * status (queried through the compiler, so a user-scoped report judges only
 * what that user may see); non_empty looks at the report's own sections;
 * new_failures gets the list of new failures (failing-tests.ts, query/new-failures.ts).
 * The same counts give the summary's headline numbers.
 */
import { compileQuery, type CompileContext } from '../../query/index.ts';
import type { QueryService } from '../../queries/query-service.ts';
import { resolveRange } from '../definitions/relative-range.ts';
import type { Condition, ReportDefinition } from '../definitions/types.ts';
import type { HeadlineItem } from '../render/model.ts';
import { withRange } from './build-document.ts';

export type Verdict = { send: true } | { send: false; reason: string };

export async function statusCounts(
  def: ReportDefinition,
  ctx: CompileContext,
  queries: QueryService
): Promise<Map<string, number>> {
  const range = resolveRange(def.timeRange.last, ctx.now);
  const model = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['status'], shape: 'table' };
  const compiled = compileQuery(withRange(model, range.from, range.to), ctx);
  const rows = await queries.execute(compiled);
  const dim = compiled.columns.find((c) => c.role === 'dimension')?.sqlName ?? 'd0';
  const met = compiled.columns.find((c) => c.role === 'metric')?.sqlName ?? 'm0';
  return new Map(rows.map((r) => [String(r[dim]), Number(r[met])]));
}

export function evaluate(cond: Condition, rowCounts: number[], c: Map<string, number>, fresh: string[] = []): Verdict {
  switch (cond.kind) {
    case 'new_failures':
      return fresh.length > 0
        ? { send: true }
        : { send: false, reason: 'no new failure: no test whose final attempt fails in the time range was passing (or absent) before it' };
    case 'always':
      return { send: true };
    case 'non_empty':
      return rowCounts.some((n) => n > 0) ? { send: true } : { send: false, reason: 'every query returned no rows' };
    case 'any_failure': {
      const failures = (c.get('failed') ?? 0) + (c.get('error') ?? 0);
      return failures > 0 ? { send: true } : { send: false, reason: 'no failed or errored tests in the time range' };
    }
    case 'pass_rate_below': {
      const passed = c.get('passed') ?? 0;
      const judged = passed + (c.get('failed') ?? 0) + (c.get('error') ?? 0);
      const rate = judged === 0 ? 1 : passed / judged;
      return rate < cond.threshold
        ? { send: true }
        : {
            send: false,
            reason: `pass rate ${(rate * 100).toFixed(1)} % is not below ${(cond.threshold * 100).toFixed(1)} %`,
          };
    }
  }
}

/** Headline numbers for the e-mail/Slack summary, from the same status counts. */
export function headline(c: Map<string, number>): HeadlineItem[] {
  const passed = c.get('passed') ?? 0;
  const failed = (c.get('failed') ?? 0) + (c.get('error') ?? 0);
  const total = [...c.values()].reduce((a, b) => a + b, 0);
  const judged = passed + failed;
  return [
    { label: 'Tests', value: total, unit: 'short' },
    { label: 'Failed', value: failed, unit: 'short' },
    { label: 'Pass rate', value: judged === 0 ? 1 : passed / judged, unit: 'percentunit' },
  ];
}
