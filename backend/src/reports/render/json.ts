/**
 * JSON (one array of objects) and NDJSON (one object per line), streamed:
 * neither ever holds more than a batch of rows. Keys are column names; times
 * are ISO 8601 UTC; 64-bit integers that do not fit a double are strings.
 */
import type { Column, Rows } from './model.ts';
import { toDate } from './format.ts';
import { iterateRows } from './rows.ts';
import type { Sink } from './sink.ts';

function jsonValue(v: unknown, col: Column): unknown {
  if (v === null || v === undefined) return null;
  if (col.type === 'time') return toDate(v)?.toISOString() ?? String(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v;
}

function rowObject(columns: Column[], row: unknown[]): string {
  const o: Record<string, unknown> = {};
  columns.forEach((c, i) => (o[c.name] = jsonValue(row[i], c)));
  return JSON.stringify(o);
}

async function writeLines(
  columns: Column[],
  rows: Rows,
  sink: Sink,
  open: string,
  sep: string,
  close: string
): Promise<number> {
  let n = 0;
  let buf = open;
  for await (const row of iterateRows(rows)) {
    buf += (n === 0 || sep === '\n' ? '' : sep) + rowObject(columns, row) + (sep === '\n' ? '\n' : '');
    n++;
    if (buf.length >= 65536) {
      await sink.write(buf);
      buf = '';
    }
  }
  buf += close;
  if (buf) await sink.write(buf);
  return n;
}

export function writeJson(columns: Column[], rows: Rows, sink: Sink): Promise<number> {
  return writeLines(columns, rows, sink, '[', ',\n', ']\n');
}

export function writeNdjson(columns: Column[], rows: Rows, sink: Sink): Promise<number> {
  return writeLines(columns, rows, sink, '', '\n', '');
}
