/** Pie (donut) chart with a legend carrying each slice's value and share. */
import { formatWithUnit } from '../format.ts';
import type { Box, ChartCtx } from './context.ts';
import type { Slice } from './data.ts';
import type { Unit } from '../model.ts';
import { sectorPath, ringPath } from './arc.ts';
import { seriesColor, PALETTE } from './palette.ts';

const MAX_SLICES = PALETTE.length - 1;

export function drawPie(ctx: ChartCtx, box: Box, all: Slice[], unit: Unit | undefined): void {
  const { doc, text } = ctx;
  const slices =
    all.length > MAX_SLICES
      ? [
          ...all.slice(0, MAX_SLICES - 1),
          { label: 'other', value: all.slice(MAX_SLICES - 1).reduce((a, s) => a + s.value, 0) },
        ]
      : all;
  const total = slices.reduce((a, s) => a + s.value, 0);
  const r = Math.min(box.h, box.w / 2) / 2 - 6;
  const cx = box.x + r + 10;
  const cy = box.y + box.h / 2;
  let a = -Math.PI / 2;
  slices.forEach((s, i) => {
    if (total <= 0 || s.value <= 0) return;
    const da = (s.value / total) * 2 * Math.PI;
    const path =
      da >= 2 * Math.PI - 1e-6 ? ringPath(cx, cy, 0.001, r, a, a + da - 1e-4) : sectorPath(cx, cy, r, a, a + da);
    doc.path(path).lineWidth(1).fillAndStroke(seriesColor(i), '#ffffff');
    a += da;
  });
  doc.circle(cx, cy, r * 0.5).fill('#ffffff');
  const totalLabel = formatWithUnit(total, unit);
  text.draw(totalLabel, cx - r * 0.5, cy - 7, { size: 11, font: 'bold', align: 'center', maxWidth: r });
  text.draw('total', cx - r * 0.5, cy + 6, { size: 7, color: '#777777', align: 'center', maxWidth: r });
  const lx = cx + r + 24;
  const lw = box.x + box.w - lx;
  const rowH = Math.min(16, box.h / Math.max(1, slices.length));
  slices.forEach((s, i) => {
    const y = box.y + (box.h - rowH * slices.length) / 2 + i * rowH;
    doc.rect(lx, y + 1.5, 9, 7).fill(seriesColor(i));
    const share = total > 0 ? ` (${((s.value / total) * 100).toFixed(1)}%)` : '';
    const value = formatWithUnit(s.value, unit) + share;
    text.draw(value, lx + 14, y, { size: 8, align: 'right', maxWidth: lw - 14, color: '#333333' });
    text.draw(s.label, lx + 14, y, { size: 8, maxWidth: lw - 14 - text.width(value, { size: 8 }) - 8 });
  });
}
