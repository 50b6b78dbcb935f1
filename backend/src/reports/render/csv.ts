/**
 * RFC 4180 CSV (CRLF records, fields quoted when they hold `"`, `,`, CR or
 * LF) with spreadsheet formula injection neutralized per OWASP: a text cell
 * starting with = + - @ TAB CR or NUL gets a leading `'` and is quoted, so
 * Excel/LibreOffice/Sheets show it as text instead of evaluating it. Plain
 * numbers (including negative ones) stay numbers: "-12.5" is not a formula.
 */
import type { Column, Rows } from './model.ts';
import { formatIsoInZone, toDate, toNumber } from './format.ts';
import { iterateRows } from './rows.ts';
import type { Sink } from './sink.ts';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r\0]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

export function csvField(s: string): string {
  const safe = neutralizeFormula(s);
  return safe !== s || NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Machine-readable text of one value (numbers raw, times ISO 8601 in the report zone). */
export function csvValue(v: unknown, col: Column, timeZone: string): string {
  if (v === null || v === undefined) return '';
  if (col.type === 'time') {
    const d = toDate(v);
    return d ? formatIsoInZone(d, timeZone) : csvField(String(v));
  }
  if (col.type === 'number') {
    const n = toNumber(v);
    if (n !== null && Number.isFinite(n)) return typeof v === 'bigint' ? v.toString() : String(n);
  }
  if (col.type === 'boolean' && typeof v === 'boolean') return v ? 'true' : 'false';
  return csvField(typeof v === 'object' ? JSON.stringify(v) : String(v));
}

export async function writeCsv(columns: Column[], rows: Rows, sink: Sink, timeZone: string): Promise<number> {
  await sink.write(columns.map((c) => csvField(c.name)).join(',') + '\r\n');
  let n = 0;
  let buf = '';
  for await (const row of iterateRows(rows)) {
    buf += columns.map((c, i) => csvValue(row[i], c, timeZone)).join(',') + '\r\n';
    n++;
    // Batch small records into ~64 KiB writes: far fewer stream calls.
    if (buf.length >= 65536) {
      await sink.write(buf);
      buf = '';
    }
  }
  if (buf) await sink.write(buf);
  return n;
}
