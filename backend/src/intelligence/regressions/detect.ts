/**
 * Performance regression detection: per series (a test's or suite's
 * duration, or a perf metric), compare the current samples with a baseline
 * (the previous period, or a pinned baseline run's samples).
 *
 * A series is flagged when, together:
 *   - both sides have at least `minSamples` samples (else: `insufficient`);
 *   - the one-sided Mann–Whitney test says the current values are worse,
 *     with a Benjamini–Hochberg q-value ≤ `alpha` across all series tested
 *     (many tests are compared at once; BH keeps the false-discovery rate);
 *   - the Hodges–Lehmann shift, relative to the baseline median, is at least
 *     `threshold` (default 20 %): significance alone flags 2 % changes on
 *     quiet series, and nobody acts on those.
 * Effect sizes reported: relative median change, relative HL shift, Cliff's delta.
 */
import { mannWhitneyU } from '../stats/mann-whitney.ts';
import { benjaminiHochberg, cliffsDelta, hodgesLehmann, median } from '../stats/robust.ts';

export type Direction = 'higher_is_worse' | 'lower_is_worse';

export interface Series {
  key: string;
  /** e.g. duration_ms, cpu_usage, page_load_time */
  metric: string;
  baseline: number[];
  current: number[];
  direction?: Direction;
}

export interface RegressionConfig {
  threshold: number;
  alpha: number;
  minSamples: number;
}

export const DEFAULT_REGRESSION_CONFIG: RegressionConfig = Object.freeze({ threshold: 0.2, alpha: 0.05, minSamples: 10 });

export interface RegressionFinding {
  key: string;
  metric: string;
  status: 'regressed' | 'improved' | 'unchanged' | 'insufficient';
  nBaseline: number;
  nCurrent: number;
  baselineMedian: number;
  currentMedian: number;
  /** (current − baseline) / baseline of the medians. */
  relativeMedianChange: number;
  /** Hodges–Lehmann shift / baseline median; positive = worse. */
  relativeShift: number;
  /** Cliff's delta oriented so that positive = worse. */
  cliffsDelta: number;
  pValue: number;
  qValue: number;
}

export function detectRegressions(series: readonly Series[], cfg: RegressionConfig = DEFAULT_REGRESSION_CONFIG): RegressionFinding[] {
  const base = series.map((s) => {
    const sign = (s.direction ?? 'higher_is_worse') === 'higher_is_worse' ? 1 : -1;
    const bMed = median(s.baseline);
    const cMed = median(s.current);
    const enough = s.baseline.length >= cfg.minSamples && s.current.length >= cfg.minSamples;
    const worse = sign === 1 ? s.current : s.current.map((v) => -v);
    const ref = sign === 1 ? s.baseline : s.baseline.map((v) => -v);
    const mw = enough ? mannWhitneyU(ref, worse) : null;
    const denom = Math.abs(bMed) > 0 ? Math.abs(bMed) : 1;
    return {
      key: s.key, metric: s.metric, enough, nBaseline: s.baseline.length, nCurrent: s.current.length,
      baselineMedian: bMed, currentMedian: cMed,
      relativeMedianChange: (cMed - bMed) / denom,
      relativeShift: enough ? hodgesLehmann(ref, worse) / denom : NaN,
      cliffsDelta: enough ? cliffsDelta(ref, worse) : NaN,
      pWorse: mw ? mw.pGreater : 1,
      pBetter: mw ? 1 - mw.pGreater : 1,
    };
  });
  const tested = base.filter((b) => b.enough);
  const qWorse = benjaminiHochberg(tested.map((b) => b.pWorse));
  const qBetter = benjaminiHochberg(tested.map((b) => b.pBetter));
  const qOf = new Map(tested.map((b, i) => [b, { worse: qWorse[i]!, better: qBetter[i]! }]));
  return base.map((b) => {
    const q = qOf.get(b);
    let status: RegressionFinding['status'] = 'insufficient';
    if (q) {
      status = 'unchanged';
      if (q.worse <= cfg.alpha && b.relativeShift >= cfg.threshold) status = 'regressed';
      else if (q.better <= cfg.alpha && b.relativeShift <= -cfg.threshold) status = 'improved';
    }
    return {
      key: b.key, metric: b.metric, status, nBaseline: b.nBaseline, nCurrent: b.nCurrent,
      baselineMedian: b.baselineMedian, currentMedian: b.currentMedian, relativeMedianChange: b.relativeMedianChange,
      relativeShift: b.relativeShift, cliffsDelta: b.cliffsDelta,
      pValue: status === 'improved' ? b.pBetter : b.pWorse, qValue: q ? (status === 'improved' ? q.better : q.worse) : 1,
    };
  });
}
