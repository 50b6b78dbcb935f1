/**
 * Two-level sankey: sources on the left, targets on the right, node heights
 * proportional to flow, each link a band whose width is its value.
 */
import type { Column } from '../model.ts';
import { formatCell, formatWithUnit, toNumber } from '../format.ts';
import type { Box, ChartCtx } from './context.ts';
import { roles } from './data.ts';
import { seriesColor } from './palette.ts';

const MAX_NODES = 12;
const NODE_W = 10;
const GAP = 6;

export function drawSankey(ctx: ChartCtx, box: Box, columns: Column[], rows: unknown[][]): void {
  const { doc, text, timeZone } = ctx;
  const r = roles(columns);
  const [si, ti] = r.dims;
  const mi = r.metrics[0];
  if (si === undefined || ti === undefined || mi === undefined) {
    text.draw('Sankey needs source and target dimensions and a metric.', box.x, box.y, { size: 9, color: '#777777' });
    return;
  }
  const flows = new Map<string, { s: string; t: string; v: number }>();
  for (const row of rows) {
    const s = formatCell(row[si], columns[si]!, timeZone);
    const t = formatCell(row[ti], columns[ti]!, timeZone);
    const v = Math.max(0, toNumber(row[mi]) ?? 0);
    const f = flows.get(`${s}\u0000${t}`) ?? { s, t, v: 0 };
    f.v += v;
    flows.set(`${s}\u0000${t}`, f);
  }
  const top = (key: 's' | 't') => {
    const tot = new Map<string, number>();
    for (const f of flows.values()) tot.set(f[key], (tot.get(f[key]) ?? 0) + f.v);
    return [...tot].sort((a, b) => b[1] - a[1]).slice(0, MAX_NODES);
  };
  const sources = top('s');
  const targets = top('t');
  const keptS = new Set(sources.map(([k]) => k));
  const keptT = new Set(targets.map(([k]) => k));
  const links = [...flows.values()].filter((f) => keptS.has(f.s) && keptT.has(f.t) && f.v > 0);
  const total = Math.max(
    1e-9,
    links.reduce((a, f) => a + f.v, 0)
  );
  const labelW = Math.min(130, box.w * 0.25);
  const unit = columns[mi]!.unit;
  const k = (box.h - GAP * (Math.max(sources.length, targets.length) - 1)) / total;
  const place = (nodes: [string, number][], side: 's' | 't') => {
    const map = new Map<string, { y: number; h: number; off: number }>();
    let y = box.y;
    for (const [name] of nodes) {
      const h = links.filter((l) => l[side] === name).reduce((a, l) => a + l.v, 0) * k;
      map.set(name, { y, h, off: 0 });
      y += h + GAP;
    }
    return map;
  };
  const sPos = place(sources, 's');
  const tPos = place(targets, 't');
  const x0 = box.x + labelW;
  const x1 = box.x + box.w - labelW - NODE_W;
  const colorOf = new Map(sources.map(([n], i) => [n, seriesColor(i)]));
  for (const l of links.sort((a, b) => sources.findIndex(([n]) => n === a.s) - sources.findIndex(([n]) => n === b.s))) {
    const s = sPos.get(l.s)!;
    const t = tPos.get(l.t)!;
    const h = l.v * k;
    const [ya, yb] = [s.y + s.off, t.y + t.off];
    const mx = (x0 + NODE_W + x1) / 2;
    doc
      .save()
      .fillOpacity(0.45)
      .fillColor(colorOf.get(l.s)!)
      .moveTo(x0 + NODE_W, ya)
      .bezierCurveTo(mx, ya, mx, yb, x1, yb)
      .lineTo(x1, yb + h)
      .bezierCurveTo(mx, yb + h, mx, ya + h, x0 + NODE_W, ya + h)
      .closePath()
      .fill()
      .restore();
    s.off += h;
    t.off += h;
  }
  const node = (name: string, p: { y: number; h: number }, x: number, color: string, right: boolean, value: number) => {
    doc.rect(x, p.y, NODE_W, Math.max(1, p.h)).fill(color);
    const label = `${name} (${formatWithUnit(value, unit)})`;
    const lx = right ? x + NODE_W + 4 : box.x;
    text.draw(label, lx, p.y + p.h / 2 - 4, {
      size: 7.5,
      color: '#333333',
      align: right ? 'left' : 'right',
      maxWidth: labelW - 6,
    });
  };
  for (const [name, v] of sources) node(name, sPos.get(name)!, x0, colorOf.get(name)!, false, v);
  for (const [name, v] of targets) node(name, tPos.get(name)!, x1, '#8a8a8a', true, v);
}
