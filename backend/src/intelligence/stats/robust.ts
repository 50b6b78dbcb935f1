/** Robust summaries: median, MAD, Hodges–Lehmann shift and Cliff's delta. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Scale that makes the MAD estimate σ under normality (the run_diff dataset's SQL uses it too). */
export const MAD_SCALE = 1.4826;

/** Median absolute deviation, scaled (×MAD_SCALE) to estimate σ under normality. */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return MAD_SCALE * median(values.map((v) => Math.abs(v - m)));
}

/**
 * Hodges–Lehmann estimate of the shift b − a: the median of all pairwise
 * differences. Robust to outliers, and the natural companion of the U test.
 * Pairs are subsampled deterministically above `maxPairs` to bound the cost.
 */
export function hodgesLehmann(a: readonly number[], b: readonly number[], maxPairs = 250_000): number {
  const diffs: number[] = [];
  const stride = Math.max(1, Math.ceil((a.length * b.length) / maxPairs));
  let k = 0;
  for (const y of b) for (const x of a) if (k++ % stride === 0) diffs.push(y - x);
  return median(diffs);
}

/** Cliff's delta: P(b > a) − P(b < a), in [−1, 1]. */
export function cliffsDelta(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = [...a].sort((x, y) => x - y);
  let greater = 0;
  let less = 0;
  for (const y of b) {
    // count of a below y and above y by binary search
    let lo = 0, hi = sa.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (sa[m]! < y) lo = m + 1; else hi = m; }
    const below = lo;
    lo = below; hi = sa.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (sa[m]! <= y) lo = m + 1; else hi = m; }
    greater += below;
    less += sa.length - lo;
  }
  return (greater - less) / (a.length * b.length);
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const q = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const { p, i } = order[r]!;
    running = Math.min(running, (p * m) / (r + 1));
    q[i] = Math.min(1, running);
  }
  return q;
}
