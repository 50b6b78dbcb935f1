/**
 * "New failures since last run": the tests failing (failed or error) in a
 * run's window, queried through the compiler under the report's principal
 * (a user-scoped report only ever compares what that user may see). A test
 * is project / suite / name. Each finished run stores its list, and the next
 * run compares against the previous completed run (succeeded or skipped;
 * a failed run judged nothing).
 */
import { compileQuery, type CompileContext } from '../../query/index.ts';
import type { QueryService } from '../../queries/query-service.ts';
import { resolveRange } from '../definitions/relative-range.ts';
import type { ReportDefinition } from '../definitions/types.ts';
import { withRange } from './build-document.ts';

/** At most this many failing tests are kept per run (the engine's row cap for one query). */
export const MAX_FAILING = 10_000;

export async function failingTests(
  def: ReportDefinition,
  ctx: CompileContext,
  queries: QueryService
): Promise<string[]> {
  const range = resolveRange(def.timeRange.last, ctx.now);
  const model = {
    version: 1,
    dataset: 'results',
    metrics: [{ fn: 'count' }],
    groupBy: ['project', 'suite', 'test'],
    filters: [{ field: 'status', op: 'in', value: ['failed', 'error'] }],
    limit: MAX_FAILING,
    shape: 'table',
  };
  const compiled = compileQuery(withRange(model, range.from, range.to), ctx);
  const dims = compiled.columns.filter((c) => c.role === 'dimension').map((c) => c.sqlName);
  const rows = await queries.execute(compiled);
  return [...new Set(rows.map((r) => dims.map((d) => String(r[d] ?? '')).join(' › ')))].sort();
}

/** Failing now and not failing in the previous run's window; all of them when there is no previous run. */
export function newFailures(current: string[], previous: string[] | null): string[] {
  if (!previous) return current;
  const before = new Set(previous);
  return current.filter((t) => !before.has(t));
}
