/**
 * Mann–Whitney U test with the normal approximation, tie correction and
 * continuity correction. Chosen over a t-test because CI durations are
 * skewed and carry outliers (a slow runner, a GC pause); the rank test only
 * assumes the samples are independent. Valid for the sample sizes we gate on
 * (n ≥ 8 per side); below that the normal approximation is poor.
 */

export interface MannWhitneyResult {
  /** U statistic of `b` over `a`: the count of pairs with b > a (ties ½). */
  u: number;
  z: number;
  /** One-sided p-value for "b tends to be larger than a". */
  pGreater: number;
  /** Two-sided p-value. */
  pTwoSided: number;
}

/** Standard normal upper tail, via the Abramowitz–Stegun erfc approximation (|error| < 1.5e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: NaN, z: NaN, pGreater: 1, pTwoSided: 1 };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = n1 + n2;
  let rankSumB = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2; // average of 1-based ranks i+1..j+1
    const size = j - i + 1;
    if (size > 1) tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if (all[k]!.g === 1) rankSumB += rank;
    i = j + 1;
  }
  const u = rankSumB - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pGreater: 1, pTwoSided: 1 };
  const sd = Math.sqrt(variance);
  const z = (u - mean - 0.5) / sd; // continuity-corrected towards the null, one-sided
  const zTwo = (Math.abs(u - mean) - 0.5) / sd;
  return { u, z, pGreater: normalUpperTail(z), pTwoSided: Math.min(1, 2 * normalUpperTail(Math.max(zTwo, 0))) };
}
