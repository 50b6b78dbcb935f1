/**
 * Page geometry and the running footer. "Page X of Y" must be written while
 * pages stream out (pdfkit flushes each finished page, which is what keeps a
 * 2,500-page PDF in bounded memory), yet Y is only known at the end. Every
 * page therefore draws the same Form XObject for Y; its content stream is
 * written once, after the last page, before the document is closed.
 */
import type PDFDocument from 'pdfkit';
import type { TextWriter } from './text.ts';

type Doc = InstanceType<typeof PDFDocument>;
type Ref = { write(s: string): void; end(): void; data: Record<string, unknown> };

export const PAGE = { width: 595.28, height: 841.89, margin: 40, footer: 24 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
export const CONTENT_BOTTOM = PAGE.height - PAGE.margin - PAGE.footer;
const FOOT = { size: 7.5, color: '#777777' };

export class Pages {
  count = 0;
  private readonly total: Ref;
  /** Top of the free area on the current page. */
  y: number = PAGE.margin;

  constructor(
    private readonly doc: Doc,
    private readonly text: TextWriter,
    private readonly footerLabel: string
  ) {
    this.total = (doc as unknown as { ref(d: object): Ref }).ref({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, -4, 60, 12],
      Resources: {},
    });
    this.decorate();
  }

  /** Starts a new page unless `needed` points still fit. Returns true on a break. */
  ensure(needed: number): boolean {
    if (this.y + needed <= CONTENT_BOTTOM) return false;
    this.text.flush();
    this.doc.addPage({ size: 'A4', margin: PAGE.margin });
    this.decorate();
    return true;
  }

  private decorate(): void {
    this.count++;
    this.y = PAGE.margin;
    const y = PAGE.height - PAGE.margin + 4;
    const doc = this.doc;
    doc
      .save()
      .moveTo(PAGE.margin, y - 6)
      .lineTo(PAGE.width - PAGE.margin, y - 6)
      .lineWidth(0.5)
      .strokeColor('#cccccc')
      .stroke()
      .restore();
    this.text.draw(this.footerLabel, PAGE.margin, y, { ...FOOT, maxWidth: CONTENT_WIDTH - 110 });
    const label = `Page ${this.count} of `;
    const x = PAGE.width - PAGE.margin - 70;
    const w = this.text.draw(label, x, y, FOOT);
    (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects.PgTotal = this.total;
    const base = y + this.text.ascent(FOOT);
    doc.addContent(`q 1 0 0 -1 ${(x + w).toFixed(2)} ${base.toFixed(2)} cm /PgTotal Do Q`);
  }

  /** Writes Y into the shared XObject; call once, before doc.end(). */
  finish(): void {
    const { fontId, fontRef, hex } = this.text.encode(String(this.count));
    this.total.data.Resources = { Font: { [fontId]: fontRef } };
    this.total.write(`BT 0.467 0.467 0.467 rg /${fontId} ${FOOT.size} Tf 0 0 Td <${hex}> Tj ET`);
    this.total.end();
  }
}
