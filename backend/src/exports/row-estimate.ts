/**
 * A cheap "estimated total" for an export's live progress. An aggregating
 * query's row count is the number of distinct group keys under its WHERE;
 * a `rows` query's is the number of source rows under its WHERE (counted
 * exactly, up to the job's row limit: no hash table, the scan stops at the cap). An exact count() of the compiled
 * query runs the whole aggregation once more (for 10M groups: a 1 GB hash
 * table and as long as the export itself); this counts the keys approximately
 * with uniqCombined (fixed memory, error ~1%) instead.
 *
 * How, without string surgery on the compiled SQL and without a second
 * compiler: the query is resolved as usual, then the resolved select is
 * reduced to its group-key projections (no metrics, no GROUP BY, no ORDER BY)
 * and sent through the SAME pass pipeline (masking → row policies → rollup →
 * tenant guard → limits → printer). So the keys are masked exactly as in the
 * export and the rows are the ones the principal may see. That printed query
 * is then used as a subquery, like export-sql.ts does with the compiled one.
 *
 * Invariants: the estimate is only ever shown as an estimate (the job's final
 * row count is taken from the written file, see export-runner.ts); it is
 * capped by the job's row limit.
 */
import { toEpochMs } from '@semantest/query-model';
import { alias, withSelect, type AliasNode, type SelectNode } from '../query/ast/select.ts';
import type { RollupHints } from '../query/passes/rollup.ts';
import { parseOrThrow, type CompileContext } from '../query/index.ts';
import { resolveQuery } from '../query/model/resolve.ts';
import { runPipeline } from '../query/pipeline.ts';
import { escapeIdentifier } from '../query/print/escape.ts';

/** The compiler's limits pass ends every select with a bound LIMIT; the estimate must see every source row. */
const TRAILING_LIMIT = /LIMIT \{([A-Za-z0-9_]+):UInt32\}\s*$/;
const ALL_ROWS = 4_294_967_295;

export type RowEstimate =
  /** No group keys: an aggregate over everything is exactly one row. */
  | { kind: 'constant'; rows: number }
  | { kind: 'query'; sql: string; params: Record<string, unknown>; cap: number };

/**
 * @param excludeField a group-by field that becomes columns (pivot): its values do not make rows.
 */
export function rowEstimate(
  query: Record<string, unknown>,
  ctx: CompileContext,
  rowLimit: number,
  excludeField?: string
): RowEstimate {
  const q = parseOrThrow(query);
  const resolved = resolveQuery(q, ctx.principal);
  // The same rollup hints as compile.ts: the rollup may answer only when it is exact.
  const hints = {
    timezone: q.timezone ?? 'UTC',
    ...(q.intervalMs !== undefined && q.shape.startsWith('timeseries') ? { intervalMs: q.intervalMs } : {}),
    ...(q.timeRange ? { fromMs: toEpochMs(q.timeRange.from), toMs: toEpochMs(q.timeRange.to) } : {}),
  };
  if (q.shape === 'rows') return rowsCount(resolved.select, ctx, hints, rowLimit);
  const excluded = excludeField === undefined ? -1 : (q.groupBy ?? []).indexOf(excludeField);
  const keyNames = new Set(
    resolved.select.groupBy.flatMap((g) => (g.kind === 'ref' && g.name !== `d${excluded}` ? [g.name] : []))
  );
  const keys: AliasNode[] = resolved.select.projections
    .filter((p) => keyNames.has(p.name))
    .map((p) => alias(p.expr, p.name));
  if (keys.length === 0) return { kind: 'constant', rows: Math.min(1, rowLimit) };
  const reduced = withSelect(resolved.select, { projections: keys, groupBy: [], orderBy: [] });
  const printed = runPipeline(reduced, ctx, hints, 'tenant');
  const limitParam = trailingLimitParam(printed.sql);
  // tuple(): a NULL key is a group of the export too (uniqCombined would skip NULL arguments).
  const tuple = `tuple(${keys.map((k) => escapeIdentifier(k.name)).join(', ')})`;
  return {
    kind: 'query',
    sql: `SELECT uniqCombined(${tuple}) AS c FROM (${printed.sql}) AS estimate_source`,
    params: { ...printed.params, [limitParam]: ALL_ROWS },
    cap: rowLimit,
  };
}

function trailingLimitParam(sql: string): string {
  const m = TRAILING_LIMIT.exec(sql);
  if (!m) throw new Error('estimate query has no trailing bound LIMIT');
  return m[1]!;
}

/**
 * Rows shape: one projected column, no ORDER BY (nothing to sort for a count),
 * through the same passes with the rows hint (source rows, never the rollup),
 * and the bound LIMIT set to the job's row limit so the count stops there.
 */
function rowsCount(select: SelectNode, ctx: CompileContext, hints: RollupHints, rowLimit: number): RowEstimate {
  const first = select.projections[0];
  if (!first) return { kind: 'constant', rows: 0 };
  const reduced = withSelect(select, { projections: [alias(first.expr, first.name)], orderBy: [] });
  const printed = runPipeline(reduced, ctx, { ...hints, rows: true }, 'tenant');
  return {
    kind: 'query',
    sql: `SELECT count() AS c FROM (${printed.sql}) AS estimate_source`,
    params: { ...printed.params, [trailingLimitParam(printed.sql)]: Math.min(rowLimit, ALL_ROWS) },
    cap: rowLimit,
  };
}
