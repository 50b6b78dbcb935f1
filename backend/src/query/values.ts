import { findDataset, datasetHasField, LIMITS } from '@semantest/query-model';
import type { CompileContext } from './context.ts';
import { compileQuery, type CompiledQuery } from './compile.ts';
import { QueryCompileError } from './errors.ts';

export interface ValuesOptions {
  /** Dataset to read values from; defaults to the first one (registry order) that has the field. */
  readonly dataset?: string;
  readonly timeRange?: { from: number | string; to: number | string };
}

/**
 * Distinct values of a dimension (template variables, ad hoc filters). It is an
 * ordinary model query — group by the field, `contains` search, count — so the
 * tenant guard, row policies and masking apply exactly as on a panel: a masked
 * field lists (and searches) masked values only.
 * Result columns: `d0` (value) and `m0` (row count).
 */
export function compileValuesQuery(dimension: string, search: string | undefined, limit: number | undefined, ctx: CompileContext, opts: ValuesOptions = {}): CompiledQuery {
  // Cheapest first; run_diff last: its fields (change) exist nowhere else, and its rows need a time
  // range (the after side), so without one the caller gets QUERY_INVALID naming /timeRange.
  const order = ['results', 'errors', 'runs', 'perf', 'audit', 'test_states', 'failure_clusters', 'regressions', 'run_diff'];
  const dataset = opts.dataset ?? order.find((id) => {
    const ds = findDataset(id);
    return ds !== undefined && datasetHasField(ds, dimension);
  });
  if (!dataset) throw new QueryCompileError('QUERY_UNKNOWN_FIELD', 'no dataset has this field');
  const cap = Math.min(Math.max(1, Math.floor(limit ?? 100)), LIMITS.maxValuesSearch);
  return compileQuery({
    version: 1,
    dataset,
    metrics: [{ fn: 'count' }],
    groupBy: [dimension],
    ...(search ? { filters: [{ field: dimension, op: 'contains', value: search }] } : {}),
    ...(opts.timeRange ? { timeRange: opts.timeRange } : {}),
    orderBy: [{ by: dimension, dir: 'asc' }],
    limit: cap,
    shape: 'table',
  }, ctx);
}
