/** What every chart drawer receives: the document, text writer and its box. */
import type PDFDocument from 'pdfkit';
import type { Pages } from '../pdf/page.ts';
import type { TextWriter } from '../pdf/text.ts';

export interface ChartCtx {
  doc: InstanceType<typeof PDFDocument>;
  text: TextWriter;
  pages: Pages;
  timeZone: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
