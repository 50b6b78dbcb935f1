/**
 * Line, area, bar and stacked-bar charts. Time x axes are scaled by time
 * (uneven gaps stay uneven); category axes use equal bands. Null values
 * break lines instead of being drawn as zero.
 */
import type { Visualization } from '../model.ts';
import { compactTimeLabels, legend, legendHeight, niceTicks, xLabels, yAxis } from './axes.ts';
import type { Box, ChartCtx } from './context.ts';
import type { XYData } from './data.ts';
import { seriesColor } from './palette.ts';

export function drawXY(ctx: ChartCtx, box: Box, data: XYData, kind: Visualization): void {
  const { doc } = ctx;
  const names = data.series.map((s) => s.name);
  const legendH = legendHeight(ctx, box.w, names);
  const area = { ...box, h: box.h - legendH - 20 };
  const stacked = kind === 'stacked_bar' || (kind === 'area' && data.series.length > 1);
  const n = data.labels.length;
  const totals = data.labels.map((_, i) => data.series.reduce((a, s) => a + Math.max(0, s.values[i] ?? 0), 0));
  const all = data.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  // Stacked bars stack only positive parts (a negative slice has no place in a stack).
  const min = kind === 'stacked_bar' ? 0 : Math.min(0, ...all);
  const max = stacked ? Math.max(0, ...totals) : Math.max(0, ...all);
  const { plot, y } = yAxis(ctx, area, niceTicks(min, max), data.unit);
  const bars = kind === 'bar' || kind === 'stacked_bar';
  const t0 = data.times ? Math.min(...data.times) : 0;
  const t1 = data.times ? Math.max(...data.times) : 0;
  const band = plot.w / Math.max(1, n);
  const xAt = (i: number) =>
    !bars && data.times && t1 > t0
      ? plot.x + ((data.times[i]! - t0) / (t1 - t0)) * plot.w
      : bars
        ? plot.x + band * (i + 0.5)
        : plot.x + (n > 1 ? (i / (n - 1)) * plot.w : plot.w / 2);
  xLabels(ctx, plot, data.times ? compactTimeLabels(data.labels) : data.labels, xAt);

  if (bars) {
    const groupW = band * 0.8;
    const base = new Array<number>(n).fill(0);
    data.series.forEach((s, si) => {
      doc.fillColor(seriesColor(si));
      s.values.forEach((v, i) => {
        if (v === null) return;
        if (kind === 'stacked_bar') {
          const top = y(base[i]! + Math.max(0, v));
          doc.rect(xAt(i) - groupW / 2, top, groupW, y(base[i]!) - top).fill();
          base[i]! += Math.max(0, v);
        } else {
          const w = groupW / data.series.length;
          const x = xAt(i) - groupW / 2 + si * w;
          const [a, b] = [y(Math.max(0, v)), y(Math.min(0, v))];
          doc.rect(x, a, Math.max(0.5, w - 0.5), Math.max(0.3, b - a)).fill();
        }
      });
    });
  } else {
    const base = new Array<number>(n).fill(0);
    data.series.forEach((s, si) => {
      const color = seriesColor(si);
      const pts = s.values.map((v, i) =>
        v === null ? null : { x: xAt(i), y: y(stacked ? base[i]! + v : v), b: y(stacked ? base[i]! : 0) }
      );
      if (kind === 'area') {
        for (const run of runs(pts)) {
          doc
            .save()
            .fillOpacity(stacked ? 0.75 : 0.35)
            .fillColor(color);
          doc.moveTo(run[0]!.x, run[0]!.b);
          run.forEach((p) => doc.lineTo(p.x, p.y));
          [...run].reverse().forEach((p) => doc.lineTo(p.x, p.b));
          doc.closePath().fill().restore();
        }
      }
      for (const run of runs(pts)) {
        doc.save().lineWidth(1.4).strokeColor(color).lineJoin('round');
        doc.moveTo(run[0]!.x, run[0]!.y);
        run.slice(1).forEach((p) => doc.lineTo(p.x, p.y));
        if (run.length === 1) doc.circle(run[0]!.x, run[0]!.y, 1.5).fill(color);
        else doc.stroke();
        doc.restore();
      }
      if (stacked) s.values.forEach((v, i) => (base[i]! += v ?? 0));
    });
  }
  legend(ctx, box.x, box.y + box.h - legendH, box.w, names);
}

type Pt = { x: number; y: number; b: number };
function runs(pts: (Pt | null)[]): Pt[][] {
  const out: Pt[][] = [];
  let cur: Pt[] = [];
  for (const p of pts) {
    if (p) cur.push(p);
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}
