/**
 * Serializes data rows straight into an exceljs WorksheetWriter's sheet
 * stream. exceljs builds a Row, a Cell per value, a style model and an XML
 * node tree for every cell; for 100k-row sheets that cost ~40 µs per row,
 * 7× the CSV writer. Rows of a report are uniform (one type and style per
 * column), so we resolve each column's style id once and emit the same
 * SpreadsheetML exceljs would. exceljs still writes the workbook, styles,
 * header, autofilter and zip; this relies on WorksheetWriter internals
 * (`stream`, `startedData`), which is why exceljs is pinned to an exact version.
 */
import type ExcelJS from 'exceljs';
import type { Column } from './model.ts';
import { excelFormat, excelValue, toDate, zoneOffsetMinutes } from './format.ts';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
// XML 1.0 forbids most C0 controls; escape markup characters.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const MARKUP = /[&<>]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(MARKUP, (c) => ENTITY[c]!);
}

function columnLetters(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

interface WorksheetInternals {
  stream: { write(s: string): void };
  startedData: boolean;
}

export class SheetRows {
  private readonly letters: string[];
  private readonly styleAttr: string[];
  private buf = '';

  constructor(
    private readonly ws: unknown,
    wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly cols: Column[],
    private readonly tz: string
  ) {
    const styles = (wb as unknown as { styles: { addStyleModel(m: object, t: number): number } }).styles;
    this.letters = cols.map((_, i) => columnLetters(i));
    // exceljs ValueType: 2 = Number, 3 = String, 4 = Date, 9 = Boolean.
    this.styleAttr = cols.map((c) => {
      const numFmt = excelFormat(c);
      const id = numFmt ? styles.addStyleModel({ numFmt }, c.type === 'time' ? 4 : 2) : 0;
      return id ? ` s="${id}"` : '';
    });
    if (!(ws as unknown as WorksheetInternals).startedData) throw new Error('commit the header row first');
  }

  /** Appends row number `r` (1-based); flushes in ~64 KiB writes. */
  add(r: number, row: unknown[]): void {
    let xml = `<row r="${r}">`;
    for (let i = 0; i < this.cols.length; i++) {
      const col = this.cols[i]!;
      // Times: the serial of the report zone's wall clock, without building Dates.
      const d = col.type === 'time' ? toDate(row[i]) : null;
      const v = d
        ? (d.getTime() + zoneOffsetMinutes(d, this.tz) * 60_000 - EXCEL_EPOCH_MS) / 86_400_000
        : excelValue(row[i], col, this.tz);
      if (v === null) continue;
      const ref = `${this.letters[i]}${r}"${this.styleAttr[i]}`;
      if (typeof v === 'number')
        xml += Number.isFinite(v)
          ? `<c r="${ref}><v>${v}</v></c>`
          : `<c r="${ref} t="inlineStr"><is><t>${v}</t></is></c>`;
      else if (typeof v === 'boolean') xml += `<c r="${ref} t="b"><v>${v ? 1 : 0}</v></c>`;
      else if (v instanceof Date) xml += `<c r="${ref}><v>${(v.getTime() - EXCEL_EPOCH_MS) / 86_400_000}</v></c>`;
      else xml += `<c r="${ref} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
    }
    this.buf += xml + '</row>';
    if (this.buf.length >= 65536) this.flush();
  }

  flush(): void {
    if (this.buf) (this.ws as unknown as WorksheetInternals).stream.write(this.buf);
    this.buf = '';
  }
}
