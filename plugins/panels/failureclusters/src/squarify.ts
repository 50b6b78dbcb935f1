/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk 2000): fills a rectangle with one tile per
 * value, areas proportional to values, keeping tiles close to square. Input must be sorted by
 * value, descending; values ≤ 0 get no tile (their entry is `undefined`).
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function worst(row: number[], sum: number, side: number): number {
  let max = 0;
  let min = Infinity;
  for (const a of row) {
    max = Math.max(max, a);
    min = Math.min(min, a);
  }
  const s2 = sum * sum;
  const side2 = side * side;
  return Math.max((side2 * max) / s2, s2 / (side2 * min));
}

/** Lays a finished row along the shorter side; returns the rectangle left over. */
function place(row: number[], sum: number, r: Rect, out: Rect[]): Rect {
  if (r.w >= r.h) {
    const colW = sum / r.h;
    let y = r.y;
    for (const a of row) {
      out.push({ x: r.x, y, w: colW, h: a / colW });
      y += a / colW;
    }
    return { x: r.x + colW, y: r.y, w: r.w - colW, h: r.h };
  }
  const rowH = sum / r.w;
  let x = r.x;
  for (const a of row) {
    out.push({ x, y: r.y, w: a / rowH, h: rowH });
    x += a / rowH;
  }
  return { x: r.x, y: r.y + rowH, w: r.w, h: r.h - rowH };
}

export function squarify(values: number[], rect: Rect): Array<Rect | undefined> {
  const positive = values.map((v, i) => ({ v, i })).filter((e) => e.v > 0);
  const total = positive.reduce((s, e) => s + e.v, 0);
  const result: Array<Rect | undefined> = values.map(() => undefined);
  if (total <= 0 || rect.w <= 0 || rect.h <= 0) {
    return result;
  }
  const scale = (rect.w * rect.h) / total;
  const areas = positive.map((e) => e.v * scale);
  const out: Rect[] = [];
  let free = rect;
  let row: number[] = [];
  let rowSum = 0;
  for (let k = 0; k < areas.length; ) {
    const a = areas[k]!;
    const side = Math.min(free.w, free.h);
    if (row.length === 0 || worst([...row, a], rowSum + a, side) <= worst(row, rowSum, side)) {
      row.push(a);
      rowSum += a;
      k++;
    } else {
      free = place(row, rowSum, free, out);
      row = [];
      rowSum = 0;
    }
  }
  if (row.length > 0) {
    place(row, rowSum, free, out);
  }
  positive.forEach((e, k) => (result[e.i] = out[k]));
  return result;
}
