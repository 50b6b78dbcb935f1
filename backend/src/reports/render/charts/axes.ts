/** Axes, gridlines, ticks and legends shared by the x/y charts. */
import type { Unit } from '../model.ts';
import { formatWithUnit } from '../format.ts';
import { seriesColor } from './palette.ts';
import type { Box, ChartCtx } from './context.ts';

/** "Nice" ticks (1, 2, 5 × 10^k steps) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) || 1;
    return niceTicks(min - (min === 0 ? 0 : pad), max + pad, count);
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

const AXIS = { size: 7, color: '#555555' };

/** Draws y gridlines and labels; returns the plot area right of the labels. */
export function yAxis(
  ctx: ChartCtx,
  box: Box,
  ticks: number[],
  unit: Unit | undefined
): { plot: Box; y: (v: number) => number } {
  const labels = ticks.map((t) => formatWithUnit(t, unit));
  const labelW = Math.max(...labels.map((l) => ctx.text.width(l, AXIS))) + 6;
  const plot = { x: box.x + labelW, y: box.y + 4, w: box.w - labelW, h: box.h - 4 };
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const y = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo || 1)) * plot.h;
  const { doc } = ctx;
  doc.save().lineWidth(0.4).strokeColor('#dddddd');
  ticks.forEach((t) =>
    doc
      .moveTo(plot.x, y(t))
      .lineTo(plot.x + plot.w, y(t))
      .stroke()
  );
  doc.restore();
  ticks.forEach((t, i) =>
    ctx.text.draw(labels[i]!, box.x, y(t) - 3.5, { ...AXIS, align: 'right', maxWidth: labelW - 4 })
  );
  doc
    .save()
    .lineWidth(0.8)
    .strokeColor('#888888')
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .lineTo(plot.x + plot.w, plot.y + plot.h)
    .stroke()
    .restore();
  return { plot, y };
}

/** Category/time labels under the plot, thinned so none overlap. */
export function xLabels(ctx: ChartCtx, plot: Box, labels: string[], xAt: (i: number) => number): void {
  if (labels.length === 0) return;
  const widest = Math.max(...labels.map((l) => ctx.text.width(l, AXIS)));
  const slot = plot.w / labels.length;
  const every = Math.max(1, Math.ceil((Math.min(widest, 90) + 8) / slot));
  const maxWidth = Math.min(90, slot * every - 4);
  for (let i = 0; i < labels.length; i += every) {
    const x = xAt(i);
    ctx.doc
      .save()
      .lineWidth(0.6)
      .strokeColor('#888888')
      .moveTo(x, plot.y + plot.h)
      .lineTo(x, plot.y + plot.h + 3)
      .stroke()
      .restore();
    // Kept inside the plot's right edge so the last label never leaves the page.
    const left = Math.min(x - maxWidth / 2, plot.x + plot.w + 10 - maxWidth);
    ctx.text.draw(labels[i]!, left, plot.y + plot.h + 5, {
      ...AXIS,
      align: left < x - maxWidth / 2 ? 'right' : 'center',
      maxWidth,
    });
  }
}

/** Shortens "2026-11-25 19:00:00" labels to what differs across the axis. */
export function compactTimeLabels(labels: string[]): string[] {
  if (labels.length === 0) return labels;
  const sameDay = labels.every((l) => l.slice(0, 10) === labels[0]!.slice(0, 10));
  const midnight = labels.every((l) => l.slice(11, 16) === '00:00');
  return labels.map((l) => (sameDay ? l.slice(11, 16) : midnight ? l.slice(5, 10) : l.slice(5, 16)));
}

/** Swatch + name legend, wrapped over lines; returns the height used. */
export function legend(
  ctx: ChartCtx,
  x: number,
  y: number,
  width: number,
  names: string[],
  colorOf = seriesColor
): number {
  const style = { size: 7.5, color: '#333333' };
  let cx = x;
  let cy = y;
  names.forEach((name, i) => {
    const label = ctx.text.fit(name, 140, style);
    const w = 12 + ctx.text.width(label, style) + 12;
    if (cx + w > x + width && cx > x) {
      cx = x;
      cy += 12;
    }
    ctx.doc.rect(cx, cy + 1.5, 8, 6).fill(colorOf(i));
    ctx.text.draw(label, cx + 11, cy, style);
    cx += w;
  });
  return cy - y + 12;
}

export function legendHeight(ctx: ChartCtx, width: number, names: string[]): number {
  const style = { size: 7.5 };
  let cx = 0;
  let lines = 1;
  for (const name of names) {
    const w = 24 + ctx.text.width(ctx.text.fit(name, 140, style), style);
    if (cx + w > width && cx > 0) {
      cx = 0;
      lines++;
    }
    cx += w;
  }
  return lines * 12;
}
