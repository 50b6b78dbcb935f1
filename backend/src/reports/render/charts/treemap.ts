/** Treemap: squarified rectangles sized by value, labelled where they fit. */
import type { Unit } from '../model.ts';
import { formatWithUnit } from '../format.ts';
import type { Box, ChartCtx } from './context.ts';
import type { Slice } from './data.ts';
import { seriesColor, textOn } from './palette.ts';
import { squarify } from './squarify.ts';

const MAX_ITEMS = 40;

export function drawTreemap(ctx: ChartCtx, box: Box, slices: Slice[], unit: Unit | undefined): void {
  const { doc, text } = ctx;
  const items = slices.slice(0, MAX_ITEMS).map((s, i) => ({ ...s, color: seriesColor(i) }));
  for (const p of squarify(items, box)) {
    doc.rect(p.x, p.y, p.w, p.h).lineWidth(1.5).fillAndStroke(p.item.color, '#ffffff');
    if (p.w < 30 || p.h < 16) continue;
    const color = textOn(p.item.color);
    text.draw(p.item.label, p.x + 4, p.y + 4, { size: 8, font: 'bold', color, maxWidth: p.w - 8 });
    if (p.h >= 28)
      text.draw(formatWithUnit(p.item.value, unit), p.x + 4, p.y + 15, { size: 7.5, color, maxWidth: p.w - 8 });
  }
}
