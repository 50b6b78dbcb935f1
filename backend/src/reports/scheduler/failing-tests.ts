/**
 * The report condition `new_failures`: the tests newly failing in the
 * report's window by the product's one rule (query/new-failures.ts: by
 * test_id, latest final attempt fails in the window, latest final outcome
 * before it was not a failure or absent), compiled under the report's
 * principal, so a user-scoped report judges only what that user may see.
 * The rule is stateless: it does not depend on the report's previous run.
 * Tests are keyed by test_id; the returned "project › suite › name" strings
 * are display only (masked as the principal sees them, so two may read alike).
 */
import { compileNewFailures } from '../../query/new-failures.ts';
import type { CompileContext } from '../../query/index.ts';
import type { QueryService } from '../../queries/query-service.ts';
import { resolveRange } from '../definitions/relative-range.ts';
import type { ReportDefinition } from '../definitions/types.ts';

/** At most this many new failures are kept per run (the engine's row cap for one query). */
export const MAX_FAILING = 10_000;

export async function newFailingTests(def: ReportDefinition, ctx: CompileContext, queries: QueryService): Promise<string[]> {
  const range = resolveRange(def.timeRange.last, ctx.now);
  const rows = await queries.execute(compileNewFailures(range.from.getTime(), range.to.getTime(), ctx, MAX_FAILING));
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return rows.map((r) => [r.project, r.suite, r.title].map(s).join(' › ')).sort();
}
