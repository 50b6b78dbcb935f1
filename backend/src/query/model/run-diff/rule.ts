import { DEFAULT_DIFF_CONFIG, type DiffConfig } from '../../../intelligence/diff/diff.ts';
import { MAD_SCALE } from '../../../intelligence/stats/robust.ts';
import { FAILING_STATUSES } from '../../../intelligence/types.ts';
import type { Expr } from '../../ast/expr.ts';
import { call } from '../../ast/call.ts';
import { compare } from '../../ast/compare.ts';
import { lambda } from '../../ast/lambda.ts';
import { and, not, or } from '../../ast/logic.ts';
import { nullValue } from '../../ast/misc.ts';
import { param, str } from '../../ast/param.ts';
import { ref } from '../../ast/ref.ts';

/**
 * The diff API's rules (intelligence/diff/diff.ts: diffResults, durationChange)
 * as SQL over the per-side summaries of sides.ts, with the SAME thresholds
 * (DEFAULT_DIFF_CONFIG), MAD scale and failing statuses, imported, not copied.
 * Every operation follows the TypeScript in order (median of a sorted array as
 * the mean of its two middle elements, scaled MAD, pooled spread), so the
 * dataset and the API agree exactly; test/intelligence/run-diff-dataset.test.ts
 * checks it on a seeded history.
 */
const u = (n: number) => param(n, 'UInt64');
const f = (n: number) => param(n, 'Float64');

/** Median of a SORTED non-empty array: `(s[⌊(n+1)/2⌋] + s[⌊(n+2)/2⌋]) / 2` (1-based), as stats/robust.ts. */
export function sortedMedian(s: Expr): Expr {
  const n = call('length', [s]);
  const at = (k: number) => call('arrayElement', [s, call('intDiv', [call('plus', [n, u(k)]), u(2)])]);
  return call('divide', [call('plus', [at(1), at(2)]), u(2)]);
}

/** |x − m| for every x, sorted (the MAD is MAD_SCALE × their median). */
export function sortedDeviations(s: Expr, m: Expr): Expr {
  return call('arraySort', [call('arrayMap', [lambda(['x'], call('abs', [call('minus', [ref('x'), m])])), s])]);
}

const failing = (status: Expr) => call('has', [param([...FAILING_STATUSES], 'Array(String)'), status]);

/** new_failure / fixed / still_failing / added / removed / unchanged, in diffResults' order of tests. */
export function statusChange(): Expr {
  const bf = failing(ref('b_status')), af = failing(ref('a_status'));
  const zero = (n: string) => compare('=', ref(n), u(0));
  return call('multiIf', [
    zero('b_n'), str('added'),
    zero('a_n'), str('removed'),
    and([bf, af]), str('still_failing'),
    and([not(bf), af]), str('new_failure'),
    and([bf, compare('=', ref('a_status'), str('passed'))]), str('fixed'),
    str('unchanged'),
  ]);
}

/** Nullable median of a side's sorted durations (NULL when it has none). */
export const sideMedian = (durs: string): Expr => call('if', [call('empty', [ref(durs)]), nullValue(), sortedMedian(ref(durs))]);

/**
 * durationChange() of the API as named columns, computed in stages: each
 * stage only reads columns of the stages before it (sides.ts, then these), so
 * every stage is its own select and ClickHouse never re-expands a chain of
 * aliases (that made planning alone cost hundreds of ms). Beyond noise: both
 * sides have durations; |Δ| ≥ minAbsoluteMs; |Δ / before| ≥ minRelative; with
 * ≥ 3 samples per side |Δ| > spreadFactor × √((MAD_b² + MAD_a²) / 2).
 * (Δ / 0 is +∞ in both languages once |Δ| ≥ minAbsoluteMs > 0 on durations ≥ 0.)
 */
export function durationStages(cfg: DiffConfig = DEFAULT_DIFF_CONFIG): [string, Expr][][] {
  const sq = (e: Expr) => call('multiply', [e, e]);
  const spread = call('sqrt', [call('divide', [call('plus', [sq(ref('b_mad')), sq(ref('a_mad'))]), u(2)])]);
  const enough = (durs: string) => compare('>=', call('length', [ref(durs)]), u(3));
  const absDelta = () => call('abs', [ref('delta_ms')]);
  return [
    [['before_ms', sideMedian('b_durs')], ['after_ms', sideMedian('a_durs')], ['status_change', statusChange()]],
    [
      ['delta_ms', call('minus', [ref('after_ms'), ref('before_ms')])],
      ['b_dev', sortedDeviations(ref('b_durs'), ref('before_ms'))],
      ['a_dev', sortedDeviations(ref('a_durs'), ref('after_ms'))],
    ],
    [
      ['relative', call('divide', [ref('delta_ms'), ref('before_ms')])],
      ['b_mad', call('multiply', [f(MAD_SCALE), sortedMedian(ref('b_dev'))])],
      ['a_mad', call('multiply', [f(MAD_SCALE), sortedMedian(ref('a_dev'))])],
    ],
    [['beyond_noise', and([
      call('notEmpty', [ref('b_durs')]), call('notEmpty', [ref('a_durs')]),
      compare('>=', absDelta(), f(cfg.minAbsoluteMs)),
      compare('>=', call('abs', [ref('relative')]), f(cfg.minRelative)),
      or([not(and([enough('b_durs'), enough('a_durs')])), compare('>', absDelta(), call('multiply', [f(cfg.spreadFactor), spread]))]),
    ])]],
    [
      ['duration_change', call('multiIf', [and([ref('beyond_noise'), compare('>', ref('relative'), f(0))]), str('slower'), ref('beyond_noise'), str('faster'), str('')])],
      ['change_pct', changePct()],
    ],
  ];
}

/** Relative change of the medians whenever both sides have durations and a positive before median. */
export function changePct(): Expr {
  const both = and([call('notEmpty', [ref('b_durs')]), call('notEmpty', [ref('a_durs')]), compare('>', ref('before_ms'), f(0))]);
  return call('if', [both, ref('relative'), nullValue()]);
}
