/**
 * Streaming XLSX (exceljs WorkbookWriter): a Summary sheet, then one sheet per
 * section with a styled, frozen, auto-filtered header and per-column number
 * formats. Rows are committed as they arrive (no shared-strings table, which
 * would grow with the data), so memory stays bounded by the zip buffers.
 * Column widths come from the header and the first rows (a bounded sample);
 * columns must be declared before the first row is committed.
 */
import ExcelJS from 'exceljs';
import { Transform, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import type { Column, ReportDocument, Section } from './model.ts';
import { excelFormat, formatCell } from './format.ts';
import { iterateRows } from './rows.ts';
import { writeSummarySheet } from './xlsx-summary.ts';
import { SheetRows } from './xlsx-rows.ts';

const WIDTH_SAMPLE = 200;
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FF1F3864' } };

export async function renderXlsx(doc: ReportDocument, out: Writable): Promise<{ bytes: number; rows: number }> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  counter.pipe(out);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: counter, useStyles: true, useSharedStrings: false });
  wb.creator = 'Semantest Analytics';
  writeSummarySheet(wb, doc);
  let rows = 0;
  const names = new Set<string>(['summary']);
  for (const section of doc.sections)
    rows += await writeSection(wb, section, sheetName(section.title, names), doc.timeRange.timezone);
  await wb.commit();
  await finished(out);
  return { bytes, rows };
}

async function writeSection(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  section: Section,
  name: string,
  tz: string
): Promise<number> {
  const cols = section.columns;
  const it = iterateRows(section.rows)[Symbol.asyncIterator]();
  const sample: unknown[][] = [];
  let next = await it.next();
  while (!next.done && sample.length < WIDTH_SAMPLE) {
    sample.push(next.value);
    next = await it.next();
  }
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  ws.columns = cols.map((c, i) => ({ key: String(i), width: columnWidth(c, i, sample, tz), style: styleFor(c) }));
  const header = ws.addRow(cols.map((c) => c.name));
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle' };
  header.commit();
  const out = new SheetRows(ws, wb, cols, tz);
  let n = 0;
  const add = async (row: unknown[]) => {
    out.add(++n + 1, row);
    // Let the zip/deflate stages drain so buffered XML stays bounded.
    if (n % 2000 === 0) {
      out.flush();
      await tick();
    }
  };
  for (const row of sample) await add(row);
  while (!next.done) {
    await add(next.value);
    next = await it.next();
  }
  out.flush();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: n + 1, column: Math.max(1, cols.length) } };
  ws.commit();
  return n;
}

function styleFor(c: Column): Partial<ExcelJS.Style> {
  const numFmt = excelFormat(c);
  return numFmt ? { numFmt } : {};
}

function columnWidth(c: Column, i: number, sample: unknown[][], tz: string): number {
  let w = c.name.length + 4; // room for the autofilter button
  if (c.type === 'time') w = Math.max(w, 20);
  for (const row of sample) w = Math.max(w, formatCell(row[i], c, tz).length + 2);
  return Math.min(60, Math.max(8, w));
}

/** Excel sheet names: ≤ 31 chars, no []:*?/\ , unique case-insensitively. */
export function sheetName(title: string, used: Set<string>): string {
  const base = (title.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet').slice(0, 31);
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 31 - String(k).length - 1)} ${k}`;
  used.add(name.toLowerCase());
  return name;
}
