/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk 2000): lay items, in
 * decreasing size, into rows along the shorter side, starting a new row when
 * adding an item would worsen the row's worst aspect ratio.
 */
import type { Box } from './context.ts';

export interface Placed<T> extends Box {
  item: T;
}

export function squarify<T extends { value: number }>(items: T[], box: Box): Placed<T>[] {
  const positive = items.filter((i) => i.value > 0).sort((a, b) => b.value - a.value);
  const total = positive.reduce((a, i) => a + i.value, 0);
  if (total <= 0) return [];
  const scale = (box.w * box.h) / total;
  const out: Placed<T>[] = [];
  let rest = { ...box };
  let row: T[] = [];
  const worst = (r: T[], side: number) => {
    const s = r.reduce((a, i) => a + i.value * scale, 0);
    const areas = r.map((i) => i.value * scale);
    return Math.max(...areas.map((a) => Math.max((side * side * a) / (s * s), (s * s) / (side * side * a))));
  };
  const layout = (r: T[]) => {
    const s = r.reduce((a, i) => a + i.value * scale, 0);
    if (rest.w >= rest.h) {
      const w = s / rest.h;
      let y = rest.y;
      for (const i of r) {
        out.push({ item: i, x: rest.x, y, w, h: (i.value * scale) / w });
        y += (i.value * scale) / w;
      }
      rest = { x: rest.x + w, y: rest.y, w: rest.w - w, h: rest.h };
    } else {
      const h = s / rest.w;
      let x = rest.x;
      for (const i of r) {
        out.push({ item: i, x, y: rest.y, w: (i.value * scale) / h, h });
        x += (i.value * scale) / h;
      }
      rest = { x: rest.x, y: rest.y + h, w: rest.w, h: rest.h - h };
    }
  };
  for (const item of positive) {
    const side = Math.min(rest.w, rest.h);
    if (row.length === 0 || worst([...row, item], side) <= worst(row, side)) row.push(item);
    else {
      layout(row);
      row = [item];
    }
  }
  if (row.length) layout(row);
  return out;
}
