/**
 * Pivot one dimension into columns (e.g. status values as columns holding
 * counts). The query model has no conditional metrics, so the pivot is built
 * around the compiler's output, like export-sql.ts: the compiled, grouped
 * query (tenant guard, row policies and masking already inside) is the only
 * source of both steps, so the pivot sees exactly the rows and the (masked)
 * values the principal may see, and nothing else.
 *
 *   1. values:  SELECT DISTINCT toString(d) FROM (compiled) … LIMIT cap + 1
 *               (more than `cap` values refuses the export: a wide file by accident
 *               is a mistake, not a feature)
 *   2. pivot:   SELECT <row dims>, sumIf(m, toString(d) = {v0}) AS …, … FROM (compiled)
 *               GROUP BY <row dims>
 *
 * Each (row, value) pair is one row of the compiled query (the pivot field is
 * grouped by), so `sumIf` is that row's metric. A missing pair is 0 for
 * count-like metrics and NULL for the others (an average of nothing is not 0).
 * Pivot values are data: they become bound parameters and escaped column
 * names, never SQL text.
 */
import { AppError } from '../errors/app-error.ts';
import type { CompiledQuery } from '../query/index.ts';
import { escapeIdentifier } from '../query/print/escape.ts';

export interface PivotSpec {
  /** A group-by field of the query (e.g. `status`). */
  field: string;
  /** Refuse the export when the field has more distinct values (default 50). */
  maxColumns?: number;
}

export const DEFAULT_PIVOT_COLUMNS = 50;
export const MAX_PIVOT_COLUMNS = 500;
/** The inner query's row bound: the pivot must see every (row, value) pair. */
const INNER_LIMIT = 4_294_967_295;
const TRAILING_LIMIT = /LIMIT \{([A-Za-z0-9_]+):UInt32\}\s*$/;
/** A missing (row, value) pair is 0 for these: counting nothing is 0. */
const ADDITIVE = new Set(['count', 'failure_count', 'error_count', 'skipped_count', 'distinct_tests', 'sum']);

type Obj = Record<string, unknown>;

/** Checks the pivot against the query model (before compiling); throws EXPORT_INVALID_PIVOT. */
export function checkPivot(query: Obj, pivot: PivotSpec): void {
  const groupBy = Array.isArray(query.groupBy) ? (query.groupBy as unknown[]) : [];
  if (query.shape !== 'table')
    throw new AppError('EXPORT_INVALID_PIVOT', 'A pivot needs a query of shape "table".');
  if (!groupBy.includes(pivot.field))
    throw new AppError('EXPORT_INVALID_PIVOT', `The pivot field ${JSON.stringify(pivot.field)} must be one of the query's groupBy fields.`);
}

/** Splits the compiled columns; throws EXPORT_INVALID_PIVOT if the field is not a dimension of it. */
function parts(compiled: CompiledQuery, field: string) {
  const pivotCol = compiled.columns.find((c) => c.role === 'dimension' && c.name === field);
  if (!pivotCol) throw new AppError('EXPORT_INVALID_PIVOT', `The pivot field ${JSON.stringify(field)} is not a dimension of the query.`);
  const keys = compiled.columns.filter((c) => c.role !== 'metric' && c !== pivotCol);
  const metrics = compiled.columns.filter((c) => c.role === 'metric');
  const m = TRAILING_LIMIT.exec(compiled.sql);
  if (!m) throw new Error('compiled query has no trailing bound LIMIT; refusing to pivot');
  const params: Record<string, unknown> = { ...compiled.params, [m[1]!]: INNER_LIMIT };
  return { pivotCol, keys, metrics, params, inner: `(${compiled.sql}) AS pivot_source` };
}

/** Step 1: the distinct pivot values (as strings), at most cap + 1 of them. */
export function pivotValuesSql(compiled: CompiledQuery, pivot: PivotSpec): { sql: string; params: Record<string, unknown>; cap: number } {
  const { pivotCol, params, inner } = parts(compiled, pivot.field);
  const cap = Math.min(pivot.maxColumns ?? DEFAULT_PIVOT_COLUMNS, MAX_PIVOT_COLUMNS);
  const v = `toString(${escapeIdentifier(pivotCol.sqlName)})`;
  return {
    sql: `SELECT DISTINCT ${v} AS pivot_value FROM ${inner} WHERE pivot_value IS NOT NULL ORDER BY pivot_value LIMIT {export_pivot_cap:UInt32}`,
    params: { ...params, export_pivot_cap: cap + 1 },
    cap,
  };
}

export function tooManyValues(field: string, cap: number): AppError {
  return new AppError(
    'EXPORT_PIVOT_TOO_MANY_VALUES',
    `The pivot field ${JSON.stringify(field)} has more than ${cap} distinct values; filter the query or raise pivot.maxColumns (at most ${MAX_PIVOT_COLUMNS}).`
  );
}

/**
 * Step 2: a CompiledQuery-shaped pivot of `compiled` over `values`, ending in
 * its own bound LIMIT so export-sql.ts wraps it like any compiled query.
 * `metricFns` are the query model's metric functions in metric-column order.
 */
export function pivotQuery(compiled: CompiledQuery, pivot: PivotSpec, values: readonly string[], metricFns: readonly string[]): CompiledQuery {
  const { pivotCol, keys, metrics, params, inner } = parts(compiled, pivot.field);
  const pv = `toString(${escapeIdentifier(pivotCol.sqlName)})`;
  const columns: CompiledQuery['columns'][number][] = keys.map((k) => ({ ...k }));
  const select = keys.map((k) => escapeIdentifier(k.sqlName));
  values.forEach((value, vi) => {
    params[`export_pv${vi}`] = value;
    const cond = `${pv} = {export_pv${vi}:String}`;
    metrics.forEach((m, mi) => {
      const col = escapeIdentifier(m.sqlName);
      const sqlName = `p${vi}_${mi}`;
      const agg = ADDITIVE.has(metricFns[mi] ?? '') ? `sumIf(${col}, ${cond})` : `if(countIf(${cond}) = 0, NULL, anyIf(${col}, ${cond}))`;
      select.push(`${agg} AS ${escapeIdentifier(sqlName)}`);
      // One metric: the column is the value itself ("passed"); several: "passed count".
      const name = headerSafe(metrics.length === 1 ? value : `${value} ${m.name}`);
      columns.push({ name, sqlName, type: 'number', role: 'metric', ...(m.unit ? { unit: m.unit } : {}) });
    });
  });
  const groupKeys = keys.map((k) => escapeIdentifier(k.sqlName));
  const groupBy = groupKeys.length > 0 ? ` GROUP BY ${groupKeys.join(', ')} ORDER BY ${groupKeys.join(', ')}` : '';
  return {
    ...compiled,
    sql: `SELECT ${select.join(', ')} FROM ${inner}${groupBy} LIMIT {export_pivot_rows:UInt32}`,
    params: { ...params, export_pivot_rows: 1000 },
    columns,
  };
}

/**
 * Pivot values become header cells, which export-sql.ts's cell neutralisation
 * does not reach: a value that a spreadsheet would read as a formula (OWASP
 * CSV injection) gets the same leading quote here, and control characters
 * (which the identifier escaper refuses, and which would break line formats)
 * become U+FFFD.
 */
export function headerSafe(name: string): string {
  const quoted = /^[=+\-@\t\r]/.test(name) ? `'${name}` : name;
  return quoted.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}
