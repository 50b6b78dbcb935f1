/**
 * Renders a report document to PDF bytes, streaming: pdfkit flushes each
 * page as the next begins, and rows are pulled from `rowsOf(i)` one batch at
 * a time. Runs inside the worker (worker.ts) but has no worker dependency,
 * so tests can also call it directly.
 */
import PDFDocument from 'pdfkit';
import type { SectionMeta } from './protocol.ts';
import { drawCover, type CoverInfo } from './cover.ts';
import { CONTENT_WIDTH, PAGE, Pages } from './page.ts';
import { TextWriter } from './text.ts';
import { drawTable } from './table.ts';
import { drawChartSection } from '../charts/section.ts';

export interface PdfInput {
  info: CoverInfo;
  sections: SectionMeta[];
  rowsOf(index: number): AsyncIterable<unknown[]>;
  write(chunk: Uint8Array): void;
}

export async function renderPdf(input: PdfInput): Promise<{ pages: number; rows: number }> {
  const { info } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    compress: true,
    bufferPages: false,
    info: {
      Title: info.title,
      Author: info.tenant.name,
      Creator: 'Semantest Analytics',
      CreationDate: info.generatedAt,
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => input.write(chunk));
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const text = new TextWriter(doc);
  const pages = new Pages(doc, text, `${info.title} · ${info.tenant.name}`);
  drawCover(doc, text, pages, info);
  let rows = 0;
  for (const [i, s] of input.sections.entries()) {
    const tz = info.timeRange.timezone;
    if (s.visualization === 'table') {
      pages.ensure(60);
      sectionTitle(text, pages, s.title);
      rows += await drawTable(doc, text, pages, s.title, s.columns, input.rowsOf(i), tz);
    } else {
      rows += await drawChartSection({ doc, text, pages, timeZone: tz }, s, input.rowsOf(i), (t) =>
        sectionTitle(text, pages, t)
      );
    }
  }
  pages.finish();
  doc.end();
  await done;
  return { pages: pages.count, rows };
}

function sectionTitle(text: TextWriter, pages: Pages, title: string): void {
  text.draw(title, PAGE.margin, pages.y, { size: 12, font: 'bold', color: '#1f3864', maxWidth: CONTENT_WIDTH });
  pages.y += 18;
}
