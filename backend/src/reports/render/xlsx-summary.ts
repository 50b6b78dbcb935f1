/**
 * The first sheet of every workbook: what the report is, for whom, over
 * which range, under which filters, and its headline numbers.
 */
import type ExcelJS from 'exceljs';
import type { ReportDocument } from './model.ts';
import { formatDateTime, formatRange, formatWithUnit } from './format.ts';
import { neutralizeFormula } from './csv.ts';

const LABEL_FONT = { bold: true, color: { argb: 'FF44546A' } };

export function writeSummarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const ws = wb.addWorksheet('Summary', { views: [{ showGridLines: false }] });
  ws.columns = [{ width: 24 }, { width: 60 }, { width: 16 }];
  const tz = doc.timeRange.timezone;
  const title = ws.addRow([doc.title]);
  title.font = { bold: true, size: 16, color: { argb: 'FF1F3864' } };
  title.commit();
  if (doc.description) ws.addRow([doc.description]).commit();
  ws.addRow([]).commit();
  const facts: [string, string][] = [
    ['Tenant', `${doc.tenant.name} (${doc.tenant.slug})`],
    ['Time range', formatRange(doc.timeRange.from, doc.timeRange.to, tz)],
    ['Generated at', `${formatDateTime(doc.generatedAt, tz)} (${tz})`],
    ['Filters', doc.filters.length ? '' : 'none'],
  ];
  for (const [k, v] of facts) label(ws.addRow([k, v])).commit();
  for (const f of doc.filters) ws.addRow(['', text(`${f.field} ${f.op} ${JSON.stringify(f.value)}`)]).commit();
  if (doc.summary?.headline.length) {
    ws.addRow([]).commit();
    label(ws.addRow(['Headline', 'Value', 'Change'])).commit();
    for (const h of doc.summary.headline) {
      const value = typeof h.value === 'number' ? formatWithUnit(h.value, h.unit) : text(h.value);
      const row = ws.addRow([text(h.label), value, h.change ?? null]);
      row.getCell(3).numFmt = '+0.0%;-0.0%;0.0%';
      row.commit();
    }
  }
  for (const note of doc.summary?.notes ?? []) ws.addRow(['Note', text(note)]).commit();
  ws.addRow([]).commit();
  label(ws.addRow(['Sheets', doc.sections.map((s) => s.title).join(', ')])).commit();
  ws.commit();
}

function label(row: ExcelJS.Row): ExcelJS.Row {
  row.getCell(1).font = LABEL_FONT;
  return row;
}

/** Free text from users never becomes a formula in a cell either. */
function text(s: string): string {
  return neutralizeFormula(s);
}
