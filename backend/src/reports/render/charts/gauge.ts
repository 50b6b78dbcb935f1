/**
 * Gauge: a 240° arc whose bands are the thresholds, a needle at the value
 * and the value in the middle. Stat: the value in its threshold colour with a
 * sparkline when the section has several rows.
 */
import type { Threshold, Unit } from '../model.ts';
import { formatWithUnit } from '../format.ts';
import { ringPath } from './arc.ts';
import type { Box, ChartCtx } from './context.ts';
import { normalize, thresholdColor } from './palette.ts';

const A0 = (150 * Math.PI) / 180;
const SWEEP = (240 * Math.PI) / 180;

export function gaugeMax(value: number, unit: Unit | undefined, thresholds: Threshold[] | undefined): number {
  if (unit === 'percent') return Math.max(100, value);
  if (unit === 'percentunit') return Math.max(1, value);
  const top = Math.max(value, ...(thresholds ?? []).map((t) => t.value));
  return top > 0 ? top * 1.2 : 1;
}

export function drawGauge(
  ctx: ChartCtx,
  box: Box,
  value: number,
  unit: Unit | undefined,
  thresholds: Threshold[] | undefined
): void {
  const { doc, text } = ctx;
  const max = gaugeMax(value, unit, thresholds);
  const r = Math.min(box.h * 0.62, box.w / 2 - 10);
  const cx = box.x + box.w / 2;
  const cy = box.y + r + 10;
  const at = (v: number) => A0 + (Math.min(max, Math.max(0, v)) / max) * SWEEP;
  const bands = [{ value: 0, color: '#37872d' }, ...[...(thresholds ?? [])].sort((a, b) => a.value - b.value)];
  bands.forEach((b, i) => {
    const from = Math.max(0, b.value);
    const to = bands[i + 1]?.value ?? max;
    if (to > from) doc.path(ringPath(cx, cy, r * 0.9, r, at(from), at(to))).fill(normalize(b.color));
  });
  doc.path(ringPath(cx, cy, r * 0.62, r * 0.86, A0, at(value))).fill(thresholdColor(value, thresholds));
  doc.path(ringPath(cx, cy, r * 0.62, r * 0.86, at(value), A0 + SWEEP)).fill('#eeeeee');
  const label = formatWithUnit(value, unit);
  text.draw(label, cx - r * 0.6, cy - 10, {
    size: Math.max(10, r / 4),
    font: 'bold',
    align: 'center',
    maxWidth: r * 1.2,
  });
  for (const t of [0, ...(thresholds ?? []).map((x) => x.value), max]) {
    const a = at(t);
    const lx = cx + (r + 9) * Math.cos(a);
    const ly = cy + (r + 9) * Math.sin(a);
    text.draw(formatWithUnit(t, unit), lx - 25, ly - 4, { size: 6.5, color: '#555555', align: 'center', maxWidth: 50 });
  }
}

export function drawStat(
  ctx: ChartCtx,
  box: Box,
  value: number | null,
  unit: Unit | undefined,
  thresholds: Threshold[] | undefined,
  spark: number[]
): void {
  const { doc, text } = ctx;
  const color = value === null ? '#888888' : thresholdColor(value, thresholds, '#1f3864');
  doc.save().roundedRect(box.x, box.y, box.w, box.h, 6).lineWidth(1).stroke('#c9d3e3').restore();
  const label = value === null ? 'no data' : formatWithUnit(value, unit);
  text.draw(label, box.x, box.y + box.h / 2 - 22, { size: 30, font: 'bold', color, align: 'center', maxWidth: box.w });
  if (spark.length > 1) {
    const lo = Math.min(...spark);
    const hi = Math.max(...spark);
    const sx = (i: number) => box.x + 10 + (i / (spark.length - 1)) * (box.w - 20);
    const sy = (v: number) => box.y + box.h - 8 - ((v - lo) / (hi - lo || 1)) * (box.h * 0.3);
    doc.save().lineWidth(1.2).strokeColor(color).strokeOpacity(0.6).moveTo(sx(0), sy(spark[0]!));
    spark.forEach((v, i) => doc.lineTo(sx(i), sy(v)));
    doc.stroke().restore();
  }
}
