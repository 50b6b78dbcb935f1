/**
 * A streamed table: rows are drawn as they arrive, the header is repeated at
 * the top of every page, rows are zebra-striped, numbers right-aligned and
 * every cell is cut to its column with an ellipsis (fixed row height keeps
 * layout O(1) per row and the output deterministic).
 */
import type PDFDocument from 'pdfkit';
import type { Column } from '../model.ts';
import { formatCell } from '../format.ts';
import { CONTENT_WIDTH, PAGE, type Pages } from './page.ts';
import type { TextWriter, TextStyle } from './text.ts';

type Doc = InstanceType<typeof PDFDocument>;

const ROW_H = 13;
const ZEBRA = '0.933 0.949 0.973 rg'; // #eef2f8
const HEAD_H = 16;
const PAD = 3;
const CELL: TextStyle = { size: 7.5 };
const HEAD: TextStyle = { size: 7.5, font: 'bold', color: '#ffffff' };

/**
 * Fixed widths for narrow types; text columns share what is left in
 * proportion to how wide their content is in the first rows (a bounded
 * sample, so streaming is kept), each between a floor and its need.
 */
export function columnWidths(columns: Column[], need: number[] = []): number[] {
  const fixed: number[] = columns.map((c) =>
    c.type === 'time' ? 88 : c.type === 'number' ? 62 : c.type === 'boolean' ? 40 : 0
  );
  const used = fixed.reduce((a, b) => a + b, 0);
  const flex = columns.flatMap((_, i) => (fixed[i] === 0 ? [i] : []));
  const wants = flex.map((i) => Math.max(40, need[i] ?? 80));
  const totalWant = wants.reduce((a, b) => a + b, 0);
  const free = Math.max(flex.length * 40, CONTENT_WIDTH - used);
  const widths = [...fixed];
  flex.forEach(
    (i, k) =>
      (widths[i] =
        totalWant <= free ? wants[k]! + (free - totalWant) / flex.length : Math.max(40, (wants[k]! / totalWant) * free))
  );
  const total = widths.reduce((a, b) => a + b, 0);
  return total > CONTENT_WIDTH ? widths.map((w) => (w * CONTENT_WIDTH) / total) : widths;
}

const SAMPLE = 100;

/** Reads up to SAMPLE rows ahead and returns them plus an iterable of all rows. */
async function peek(rows: AsyncIterable<unknown[]>): Promise<{ head: unknown[][]; all: AsyncIterable<unknown[]> }> {
  const it = rows[Symbol.asyncIterator]();
  const head: unknown[][] = [];
  let r = await it.next();
  while (!r.done && head.length < SAMPLE) {
    head.push(r.value);
    if (head.length < SAMPLE) r = await it.next();
  }
  const tailDone = r.done === true;
  async function* all(): AsyncGenerator<unknown[]> {
    yield* head;
    if (tailDone) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { head, all: all() };
}

/** One line per cell: control characters (newlines, tabs) become spaces. */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f]+/g, ' ');

export async function drawTable(
  doc: Doc,
  text: TextWriter,
  pages: Pages,
  title: string,
  columns: Column[],
  rows: AsyncIterable<unknown[]>,
  timeZone: string
): Promise<number> {
  const { head, all } = await peek(rows);
  const need = columns.map((c, i) => {
    const ws = head.map((r) => text.width(oneLine(formatCell(r[i], c, timeZone)), CELL)).sort((a, b) => a - b);
    return Math.max(text.width(c.name, HEAD), ws[Math.floor(ws.length * 0.9)] ?? 0) + 2 * PAD + 2;
  });
  const widths = columnWidths(columns, need);
  const tableW = widths.reduce((a, b) => a + b, 0);
  const header = (continued: boolean) => {
    if (continued) {
      text.draw(`${title} (continued)`, PAGE.margin, pages.y, { size: 8, color: '#777777' });
      pages.y += 12;
    }
    doc.rect(PAGE.margin, pages.y, tableW, HEAD_H).fill('#1f3864');
    let x = PAGE.margin;
    columns.forEach((c, i) => {
      const w = widths[i]!;
      const align = c.type === 'number' ? 'right' : 'left';
      text.draw(c.name, x + PAD, pages.y + 4, { ...HEAD, align, maxWidth: w - 2 * PAD });
      x += w;
    });
    pages.y += HEAD_H;
  };
  pages.ensure(HEAD_H + ROW_H * 3);
  header(false);
  const styles: TextStyle[] = columns.map((c, i) => ({
    ...CELL,
    align: c.type === 'number' ? 'right' : 'left',
    maxWidth: widths[i]! - 2 * PAD,
  }));
  const lefts = widths.map((_, i) => PAGE.margin + PAD + widths.slice(0, i).reduce((a, b) => a + b, 0));
  let n = 0;
  text.batch = true;
  for await (const row of all) {
    if (pages.ensure(ROW_H)) header(true);
    if (n % 2 === 1) text.raw(`${ZEBRA} ${PAGE.margin} ${pages.y.toFixed(2)} ${tableW.toFixed(2)} ${ROW_H} re f`);
    for (let i = 0; i < columns.length; i++)
      text.draw(oneLine(formatCell(row[i], columns[i]!, timeZone)), lefts[i]!, pages.y + 3, styles[i]!);
    pages.y += ROW_H;
    n++;
  }
  // Operators stay buffered for a whole page (pages.ensure flushes before a
  // page break): one content write per page instead of several per row.
  text.flush();
  text.batch = false;
  if (n === 0) {
    text.draw('No rows.', PAGE.margin + PAD, pages.y + 3, { ...CELL, color: '#777777' });
    pages.y += ROW_H;
  }
  doc
    .moveTo(PAGE.margin, pages.y)
    .lineTo(PAGE.margin + tableW, pages.y)
    .lineWidth(0.5)
    .stroke('#1f3864');
  pages.y += 14;
  return n;
}
