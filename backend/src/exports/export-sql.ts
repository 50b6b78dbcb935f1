/**
 * Turns a compiled model query into the export's SQL. The compiled query is
 * used as a subquery, so its tenant guard, row policies and masking stay
 * exactly as the compiler emitted them; this layer only renames columns to
 * their display names and neutralises spreadsheet formulas. Values never
 * enter the SQL text: everything here is escaped identifiers and constants.
 */
import type { CompiledQuery } from '../query/index.ts';
import { escapeIdentifier } from '../query/print/escape.ts';
import { FORMAT_SPECS, type ExportFormat } from './formats.ts';

/** The compiler always ends with `LIMIT {pN:UInt32}` (its limits pass); exports raise that bound. */
const TRAILING_LIMIT = /LIMIT \{([A-Za-z0-9_]+):UInt32\}\s*$/;

/**
 * OWASP CSV injection: a cell starting with = + - @ TAB or CR is a formula to
 * a spreadsheet. Prefix such strings with a single quote. The regex is a
 * constant ClickHouse literal; `col` is an escaped identifier.
 */
export function neutralised(col: string): string {
  return String.raw`if(match(toString(${col}), '^[=+@\-\t\r]'), concat('\'', toString(${col})), ${col})`;
}

export interface ExportSql {
  /** The SELECT whose output is the export. */
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
  /** Display names, in column order (headers are written by us, see formats.ts). */
  names: string[];
}

/** Container formats: the engine writes one valid file at a bound path. */
export function fileWriteSql(
  plan: ExportSql,
  engineFormat: string,
  settings?: string
): { sql: string; pathParam: string } {
  if (!/^[A-Za-z]+$/.test(engineFormat)) throw new Error(`invalid engine format ${engineFormat}`);
  const pathParam = 'export_target_path';
  return {
    sql: `INSERT INTO FUNCTION file({${pathParam}:String}, '${engineFormat}') ${plan.sql} SETTINGS engine_file_truncate_on_insert = 1${settings ? `, ${settings}` : ''}`,
    pathParam,
  };
}

export function exportSql(compiled: CompiledQuery, format: ExportFormat, rowLimit: number): ExportSql {
  const spec = FORMAT_SPECS[format];
  const m = TRAILING_LIMIT.exec(compiled.sql);
  if (!m) throw new Error('compiled query has no trailing bound LIMIT; refusing to export');
  // The bound is a parameter, so raising it changes no SQL text.
  const params: Record<string, unknown> = { ...compiled.params, [m[1]!]: rowLimit };
  const projections = compiled.columns.map((c) => {
    const src = escapeIdentifier(c.sqlName);
    const value = spec.spreadsheet && c.type === 'string' ? neutralised(src) : src;
    return `${value} AS ${escapeIdentifier(c.name)}`;
  });
  const inner = `(${compiled.sql}) AS export_source`;
  return {
    sql: `SELECT ${projections.join(', ')} FROM ${inner}`,
    countSql: `SELECT count() AS c FROM ${inner}`,
    params,
    names: compiled.columns.map((c) => c.name),
  };
}
