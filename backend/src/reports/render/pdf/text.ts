/**
 * Fast text drawing for pdfkit. `doc.text()` shapes every string through
 * fontkit's layout engine and the line wrapper (~40 µs per table cell), which
 * made a 100k-row table take minutes; tables and charts need neither shaping
 * nor wrapping. This writer maps code points to glyphs once (cached), picks
 * the fallback font per character (CJK), registers glyphs in pdfkit's font
 * subset (so widths and the ToUnicode map stay right and text remains
 * extractable) and emits the text operators itself. It reaches into pdfkit's
 * EmbeddedFont internals, which is why pdfkit is pinned to an exact version.
 */
import type PDFDocument from 'pdfkit';
import { FONT_FILES, type FontName } from './fonts.ts';

type Doc = InstanceType<typeof PDFDocument>;

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
}
interface EmbeddedFont {
  id: string;
  font: { glyphForCodePoint(cp: number): FontkitGlyph; unitsPerEm: number };
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  scale: number;
  ascender: number;
  ref(): unknown;
}
interface Glyph {
  font: number;
  hex: string;
  w: number;
}

export type Align = 'left' | 'right' | 'center';
export interface TextStyle {
  size: number;
  font?: FontName;
  color?: string;
  align?: Align;
  /** Truncate with an ellipsis to this width. */
  maxWidth?: number;
}

const hexColor = (c: string): string => {
  const h = c.replace('#', '');
  const n = (i: number) => (parseInt(h.slice(i, i + 2), 16) / 255).toFixed(3);
  return `${n(0)} ${n(2)} ${n(4)} rg`;
};

export class TextWriter {
  private readonly fonts: EmbeddedFont[];
  private readonly caches: Map<number, Glyph>[];
  private readonly colorOps = new Map<string, string>();
  private pageFonts = new Set<number>();

  constructor(private readonly doc: Doc) {
    const load = (name: string, file: string): EmbeddedFont => {
      doc.registerFont(name, file);
      doc.font(name);
      return (doc as unknown as { _font: EmbeddedFont })._font;
    };
    // Index 0/1: primary regular/bold; 2: CJK fallback for both.
    this.fonts = [load('regular', FONT_FILES.regular), load('bold', FONT_FILES.bold), load('cjk', FONT_FILES.cjk)];
    this.caches = this.fonts.map(() => new Map());
    doc.on('pageAdded', () => (this.pageFonts = new Set()));
  }

  private glyph(primary: number, cp: number): Glyph {
    const cache = this.caches[primary]!;
    let g = cache.get(cp);
    if (g) return g;
    let fi = primary;
    let fg = this.fonts[fi]!.font.glyphForCodePoint(cp);
    if (fg.id === 0 && cp > 0x7f) {
      const fb = this.fonts[2]!.font.glyphForCodePoint(cp);
      if (fb.id !== 0) {
        fi = 2;
        fg = fb;
      }
    }
    const f = this.fonts[fi]!;
    const gid = f.subset.includeGlyph(fg.id);
    const w = fg.advanceWidth * f.scale;
    f.widths[gid] ??= w;
    f.unicode[gid] ??= [cp];
    g = { font: fi, hex: gid.toString(16).padStart(4, '0'), w };
    cache.set(cp, g);
    return g;
  }

  private primary(style: TextStyle): number {
    return style.font === 'bold' ? 1 : 0;
  }

  width(s: string, style: TextStyle): number {
    const p = this.primary(style);
    let w = 0;
    for (const ch of s) w += this.glyph(p, ch.codePointAt(0)!).w;
    return (w * style.size) / 1000;
  }

  /** Cuts `s` to fit `max` points, ending with "…". */
  fit(s: string, max: number, style: TextStyle): string {
    if (this.width(s, style) <= max) return s;
    const chars = [...s];
    const ell = this.width('…', style);
    let w = 0;
    let i = 0;
    const p = this.primary(style);
    for (; i < chars.length; i++) {
      const cw = (this.glyph(p, chars[i]!.codePointAt(0)!).w * style.size) / 1000;
      if (w + cw + ell > max) break;
      w += cw;
    }
    return chars.slice(0, i).join('') + '…';
  }

  ascent(style: TextStyle): number {
    return (this.fonts[this.primary(style)]!.ascender * style.size) / 1000;
  }

  /**
   * Draws one line with its top at y (pdfkit's y-down page coordinates).
   * Single pass: glyphs are looked up once, cut to `maxWidth` with "…" if
   * needed, and emitted as one BT…ET block (buffered while `batch` is on).
   */
  draw(s: string, x: number, y: number, style: TextStyle): number {
    if (s === '') return 0;
    const p = style.font === 'bold' ? 1 : 0;
    const scale = style.size / 1000;
    const limit = style.maxWidth === undefined ? Infinity : style.maxWidth / scale;
    const glyphs = this.scratch;
    glyphs.length = 0;
    let w = 0;
    for (const ch of s) {
      const g = this.glyph(p, ch.codePointAt(0)!);
      glyphs.push(g);
      w += g.w;
    }
    if (w > limit) {
      const ell = this.glyph(p, 0x2026);
      while (glyphs.length > 0 && w + ell.w > limit) w -= glyphs.pop()!.w;
      glyphs.push(ell);
      w += ell.w;
    }
    const width = w * scale;
    const box = style.maxWidth ?? width;
    const left = style.align === 'right' ? x + box - width : style.align === 'center' ? x + (box - width) / 2 : x;
    const base = y + (this.fonts[p]!.ascender * style.size) / 1000;
    let op = `BT ${this.color(style.color ?? '#222222')} 1 0 0 -1 ${left.toFixed(2)} ${base.toFixed(2)} Tm`;
    let run = -1;
    for (const g of glyphs) {
      if (g.font !== run) {
        op += `${run === -1 ? '' : '> Tj'} /${this.fontId(g.font)} ${style.size} Tf <`;
        run = g.font;
      }
      op += g.hex;
    }
    this.pending += op + '> Tj ET\n';
    if (!this.batch) this.flush();
    return width;
  }

  /** While true, text operators are buffered until flush() (one write per table row). */
  batch = false;
  private pending = '';
  private readonly scratch: Glyph[] = [];

  /** Appends raw content operators to the buffer (zebra fills between text rows). */
  raw(op: string): void {
    this.pending += op + '\n';
    if (!this.batch) this.flush();
  }

  flush(): void {
    if (this.pending) this.doc.addContent(this.pending);
    this.pending = '';
  }

  /** Glyph hex codes for a string in the regular font (page-total XObject). */
  encode(s: string, font: FontName = 'regular'): { fontId: string; fontRef: unknown; hex: string } {
    const p = font === 'bold' ? 1 : 0;
    const hex = [...s].map((ch) => this.glyph(p, ch.codePointAt(0)!).hex).join('');
    return { fontId: this.fonts[p]!.id, fontRef: this.fonts[p]!.ref(), hex };
  }

  private fontId(i: number): string {
    if (!this.pageFonts.has(i)) {
      const f = this.fonts[i]!;
      (this.doc.page as unknown as { fonts: Record<string, unknown> }).fonts[f.id] = f.ref();
      this.pageFonts.add(i);
    }
    return this.fonts[i]!.id;
  }

  private color(c: string): string {
    let op = this.colorOps.get(c);
    if (!op) {
      op = hexColor(c);
      this.colorOps.set(c, op);
    }
    return op;
  }
}
