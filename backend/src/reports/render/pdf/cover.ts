/**
 * The cover block: title, description, tenant, time range in the report's
 * zone, filters, generation time, then headline numbers as cards.
 */
import type PDFDocument from 'pdfkit';
import type { ReportDocument } from '../model.ts';
import { formatDateTime, formatRange, formatWithUnit } from '../format.ts';
import { CONTENT_WIDTH, PAGE, type Pages } from './page.ts';
import type { TextWriter } from './text.ts';
import { wrapText } from './wrap.ts';

type Doc = InstanceType<typeof PDFDocument>;
export type CoverInfo = Omit<ReportDocument, 'sections'>;

export function drawCover(doc: Doc, text: TextWriter, pages: Pages, info: CoverInfo): void {
  const x = PAGE.margin;
  const tz = info.timeRange.timezone;
  doc.save().rect(0, 0, PAGE.width, 6).fill('#1f3864').restore();
  let y = pages.y + 4;
  for (const line of wrapText(text, info.title, CONTENT_WIDTH, { size: 20, font: 'bold' })) {
    text.draw(line, x, y, { size: 20, font: 'bold', color: '#1f3864' });
    y += 26;
  }
  if (info.description) {
    for (const line of wrapText(text, info.description, CONTENT_WIDTH, { size: 10 })) {
      text.draw(line, x, y, { size: 10, color: '#444444' });
      y += 14;
    }
  }
  y += 8;
  const facts: [string, string][] = [
    ['Tenant', `${info.tenant.name} (${info.tenant.slug})`],
    ['Time range', formatRange(info.timeRange.from, info.timeRange.to, tz)],
    [
      'Filters',
      info.filters.length ? info.filters.map((f) => `${f.field} ${f.op} ${fmtValue(f.value)}`).join('; ') : 'none',
    ],
    ['Generated at', `${formatDateTime(info.generatedAt, tz)} (${tz})`],
  ];
  const lines = facts.flatMap(([k, v]) =>
    wrapText(text, v, CONTENT_WIDTH - 100, { size: 9 }).map((l, i) => [i ? '' : k, l] as const)
  );
  const boxH = lines.length * 14 + 12;
  doc.save().roundedRect(x, y, CONTENT_WIDTH, boxH, 4).fill('#f3f5f9').restore();
  let fy = y + 7;
  for (const [k, v] of lines) {
    text.draw(k, x + 10, fy, { size: 9, font: 'bold', color: '#44546a' });
    text.draw(v, x + 95, fy, { size: 9 });
    fy += 14;
  }
  y += boxH + 14;
  y = drawHeadline(doc, text, info, y);
  pages.y = y;
}

function drawHeadline(doc: Doc, text: TextWriter, info: CoverInfo, y0: number): number {
  const items = info.summary?.headline ?? [];
  let y = y0;
  if (items.length) {
    const perRow = Math.min(4, items.length);
    const gap = 10;
    const w = (CONTENT_WIDTH - gap * (perRow - 1)) / perRow;
    items.forEach((h, i) => {
      const cx = PAGE.margin + (i % perRow) * (w + gap);
      const cy = y + Math.floor(i / perRow) * 62;
      doc.save().roundedRect(cx, cy, w, 54, 4).lineWidth(0.8).stroke('#c9d3e3').restore();
      text.draw(h.label, cx + 8, cy + 6, { size: 8, color: '#555555', maxWidth: w - 16 });
      const value = typeof h.value === 'number' ? formatWithUnit(h.value, h.unit) : h.value;
      text.draw(value, cx + 8, cy + 19, { size: 16, font: 'bold', color: '#1f3864', maxWidth: w - 16 });
      if (h.change !== undefined && Number.isFinite(h.change)) {
        const up = h.change >= 0;
        const label = `${up ? '▲' : '▼'} ${(Math.abs(h.change) * 100).toFixed(1)}% vs previous`;
        text.draw(label, cx + 8, cy + 39, { size: 7.5, color: '#555555', maxWidth: w - 16 });
      }
    });
    y += Math.ceil(items.length / perRow) * 62 + 6;
  }
  for (const note of info.summary?.notes ?? []) {
    for (const line of wrapText(text, `• ${note}`, CONTENT_WIDTH, { size: 9 })) {
      text.draw(line, PAGE.margin, y, { size: 9, color: '#333333' });
      y += 13;
    }
  }
  return y + 10;
}

function fmtValue(v: unknown): string {
  if (Array.isArray(v)) return `(${v.map(fmtValue).join(', ')})`;
  return typeof v === 'string' ? `"${v}"` : String(v);
}
