/**
 * Heatmap: x = time or first dimension, y = next dimension, colour = summed
 * metric on a sequential scale with its legend bar. Wide x ranges are merged
 * into at most MAX_X buckets so every cell stays visible.
 */
import type { Column } from '../model.ts';
import { formatCell, formatWithUnit, toNumber } from '../format.ts';
import { compactTimeLabels, xLabels } from './axes.ts';
import type { Box, ChartCtx } from './context.ts';
import { roles } from './data.ts';
import { scaleColor } from './palette.ts';

const MAX_X = 40;
const MAX_Y = 16;

export function drawHeatmap(ctx: ChartCtx, box: Box, columns: Column[], rows: unknown[][]): void {
  const { doc, text, timeZone } = ctx;
  const r = roles(columns);
  const xi = r.time ?? r.dims[0];
  const yi = r.time !== null ? r.dims[0] : r.dims[1];
  const mi = r.metrics[0];
  if (xi === undefined || yi === undefined || mi === undefined) {
    text.draw('Heatmap needs an x column, a y dimension and a metric.', box.x, box.y, { size: 9, color: '#777777' });
    return;
  }
  const xKeys: string[] = [];
  const xSeen = new Set<string>();
  const yTotals = new Map<string, number>();
  for (const row of rows) {
    const xk = formatCell(row[xi], columns[xi]!, timeZone);
    if (!xSeen.has(xk)) {
      xSeen.add(xk);
      xKeys.push(xk);
    }
    const yk = formatCell(row[yi], columns[yi]!, timeZone);
    yTotals.set(yk, (yTotals.get(yk) ?? 0) + (toNumber(row[mi]) ?? 0));
  }
  const yKeys = [...yTotals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_Y)
    .map(([k]) => k);
  const bucket = Math.max(1, Math.ceil(xKeys.length / MAX_X));
  const xIndex = new Map(xKeys.map((k, i) => [k, Math.floor(i / bucket)]));
  const nx = Math.ceil(xKeys.length / bucket);
  const grid = yKeys.map(() => new Array<number | null>(nx).fill(null));
  const yIndex = new Map(yKeys.map((k, i) => [k, i]));
  for (const row of rows) {
    const yj = yIndex.get(formatCell(row[yi], columns[yi]!, timeZone));
    if (yj === undefined) continue;
    const xj = xIndex.get(formatCell(row[xi], columns[xi]!, timeZone))!;
    grid[yj]![xj] = (grid[yj]![xj] ?? 0) + (toNumber(row[mi]) ?? 0);
  }
  const values = grid.flat().filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values);
  const hi = Math.max(lo + 1e-9, ...values);
  const labelW = Math.min(120, Math.max(...yKeys.map((k) => text.width(k, { size: 7 }))) + 6);
  const plot = { x: box.x + labelW, y: box.y, w: box.w - labelW, h: box.h - 44 };
  const cw = plot.w / Math.max(1, nx);
  const ch = plot.h / Math.max(1, yKeys.length);
  grid.forEach((rowVals, j) => {
    text.draw(yKeys[j]!, box.x, plot.y + j * ch + ch / 2 - 3.5, {
      size: 7,
      color: '#555555',
      align: 'right',
      maxWidth: labelW - 4,
    });
    rowVals.forEach((v, i) => {
      doc
        .rect(plot.x + i * cw, plot.y + j * ch, cw, ch)
        .fillAndStroke(v === null ? '#fafafa' : scaleColor((v - lo) / (hi - lo)), '#ffffff');
    });
  });
  const xl = xKeys.filter((_, i) => i % bucket === 0);
  xLabels(ctx, plot, r.time !== null ? compactTimeLabels(xl) : xl, (i) => plot.x + cw * (i + 0.5));
  const unit = columns[mi]!.unit;
  const ly = box.y + box.h - 18;
  const lw = Math.min(220, box.w / 2);
  for (let k = 0; k < 40; k++) doc.rect(box.x + labelW + (k * lw) / 40, ly, lw / 40 + 0.3, 8).fill(scaleColor(k / 39));
  text.draw(formatWithUnit(lo, unit), box.x + labelW, ly + 9, { size: 6.5, color: '#555555' });
  text.draw(formatWithUnit(hi, unit), box.x + labelW, ly + 9, {
    size: 6.5,
    color: '#555555',
    align: 'right',
    maxWidth: lw,
  });
  text.draw(columns[mi]!.name, box.x + labelW + lw + 8, ly, { size: 7, color: '#333333' });
}
