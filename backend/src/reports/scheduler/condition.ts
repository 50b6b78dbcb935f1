/**
 * "Send only if …": evaluated on the report's own time range and principal.
 * any_failure and pass_rate_below ask the results dataset for counts by
 * status (through the compiler, so a user-scoped report judges only what that
 * user may see); non_empty looks at the rendered sections.
 */
import { compileQuery, type CompileContext } from '../../query/index.ts';
import type { QueryService } from '../../queries/query-service.ts';
import { resolveRange } from '../definitions/relative-range.ts';
import type { Condition, ReportDefinition } from '../definitions/types.ts';
import { withRange } from './build-document.ts';

export type Verdict = { send: true } | { send: false; reason: string };

async function statusCounts(def: ReportDefinition, ctx: CompileContext, queries: QueryService): Promise<Map<string, number>> {
  const range = resolveRange(def.timeRange.last, ctx.now);
  const model = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['status'], shape: 'table' };
  const compiled = compileQuery(withRange(model, range.from, range.to), ctx);
  const rows = await queries.execute(compiled);
  const dim = compiled.columns.find((c) => c.role === 'dimension')?.sqlName ?? 'd0';
  const met = compiled.columns.find((c) => c.role === 'metric')?.sqlName ?? 'm0';
  return new Map(rows.map((r) => [String(r[dim]), Number(r[met])]));
}

export async function evaluate(cond: Condition, def: ReportDefinition, rowCounts: number[], ctx: CompileContext, queries: QueryService): Promise<Verdict> {
  switch (cond.kind) {
    case 'always':
      return { send: true };
    case 'non_empty':
      return rowCounts.some((n) => n > 0) ? { send: true } : { send: false, reason: 'every query returned no rows' };
    case 'any_failure': {
      const c = await statusCounts(def, ctx, queries);
      const failures = (c.get('failed') ?? 0) + (c.get('error') ?? 0);
      return failures > 0 ? { send: true } : { send: false, reason: 'no failed or errored tests in the time range' };
    }
    case 'pass_rate_below': {
      const c = await statusCounts(def, ctx, queries);
      const passed = c.get('passed') ?? 0;
      const judged = passed + (c.get('failed') ?? 0) + (c.get('error') ?? 0);
      const rate = judged === 0 ? 1 : passed / judged;
      return rate < cond.threshold ? { send: true } : { send: false, reason: `pass rate ${(rate * 100).toFixed(1)} % is not below ${(cond.threshold * 100).toFixed(1)} %` };
    }
  }
}
