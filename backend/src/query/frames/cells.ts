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
