/**
 * Index range of fixed-size items visible in a scroll viewport, plus overscan.
 * Used to draw only what can be seen, which keeps 10,000-cell panels at a few hundred nodes.
 * Returns [start, end) clamped to [0, count].
 */
export function visibleRange(offset: number, viewport: number, itemSize: number, count: number, overscan = 2) {
  if (count <= 0 || itemSize <= 0) {
    return { start: 0, end: 0 };
  }
  const first = Math.floor(Math.max(0, offset) / itemSize);
  const last = Math.ceil((Math.max(0, offset) + Math.max(0, viewport)) / itemSize);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}
