import type { OutputColumn } from '../model/columns.ts';

/**
 * ClickHouse JSON quotes 64-bit integers ("123"); frames want numbers. Times
 * are epoch-ms integers (the compiler emits them that way).
 */
export function cell(col: OutputColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (col.type === 'string') return String(v);
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isNaN(n) ? null : n;
}

/** Accepts JSONEachRow objects (keyed by SQL alias) or JSONCompact arrays (projection order). */
export function rowGetter(columns: readonly OutputColumn[]): (row: unknown, col: OutputColumn) => unknown {
  const index = new Map(columns.map((c, i) => [c.sqlName, i]));
  return (row, col) => (Array.isArray(row) ? row[index.get(col.sqlName) ?? -1] : (row as Record<string, unknown>)[col.sqlName]);
}

/**
 * One column's frame values, in row order: `cell(col, get(row, col))` for
 * every row, with the row kind and the column's position decided once per
 * column instead of once per cell (a panel's fixed cost: the table, single
 * and long shapes take every value through here). Rows of one result are all
 * objects or all arrays (one driver call, one format).
 */
export function columnValues(col: OutputColumn, position: number, rows: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(rows.length);
  const arrays = rows.length > 0 && Array.isArray(rows[0]);
  const key = col.sqlName;
  const asString = col.type === 'string';
  for (let i = 0; i < rows.length; i++) {
    const v = arrays ? (rows[i] as unknown[])[position] : (rows[i] as Record<string, unknown>)[key];
    if (v === null || v === undefined) out[i] = null;
    else if (asString) out[i] = typeof v === 'string' ? v : String(v);
    else {
      const n = typeof v === 'number' ? v : Number(v);
      out[i] = Number.isNaN(n) ? null : n;
    }
  }
  return out;
}
