import { Value } from 'typebox/value';
import { QUERY_MODEL_VERSION } from './version.ts';
import { QueryV0Schema, type QueryV0 } from './legacy.ts';
import { QueryModelError } from './errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function intervalToMs(interval: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(interval);
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1) : Number.NaN;
}

/** v0 (unversioned prototype) → v1. Values are carried over untouched; validateQuery() judges them. */
function fromV0(q: QueryV0): Record<string, unknown> {
  const metric: Record<string, unknown> = { fn: q.metric };
  if (q.field !== undefined) metric.field = q.field;
  const out: Record<string, unknown> = {
    version: 1,
    dataset: q.dataset,
    metrics: [metric],
    shape: q.format === 'table' ? 'table' : 'timeseries_long',
  };
  if (q.dimensions) out.groupBy = q.dimensions;
  if (q.filters) out.filters = q.filters.map((f) => ({ field: f.key, op: f.operator, value: f.value }));
  if (q.from !== undefined && q.to !== undefined) out.timeRange = { from: q.from, to: q.to };
  if (q.interval !== undefined) out.intervalMs = intervalToMs(q.interval);
  if (q.limit !== undefined) out.limit = q.limit;
  return out;
}

/** A rows query may leave `metrics` out (it has none); the schema wants the array. */
function withRowsDefaults(q: Record<string, unknown>): Record<string, unknown> {
  return q.shape === 'rows' && q.metrics === undefined ? { ...q, metrics: [] } : q;
}

/**
 * Lifts a query of any older model version to the current one. It never
 * validates the current version's content (that is validateQuery's job); it only
 * refuses what it cannot read.
 */
export function migrateQuery(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new QueryModelError('QUERY_INVALID', 'query must be a JSON object');
  }
  const version = (input as { version?: unknown }).version;
  if (version === QUERY_MODEL_VERSION) return withRowsDefaults(input as Record<string, unknown>);
  if (version === undefined) {
    if (!Value.Check(QueryV0Schema, input)) {
      throw new QueryModelError('QUERY_INVALID', 'query has no version and is not a v0 query');
    }
    return fromV0(input);
  }
  throw new QueryModelError('QUERY_UNSUPPORTED_VERSION', `unsupported query model version ${JSON.stringify(version)}`);
}
