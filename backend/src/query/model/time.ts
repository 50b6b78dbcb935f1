import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { compare } from '../ast/compare.ts';
import { and } from '../ast/logic.ts';
import { param, str } from '../ast/param.ts';

/**
 * Bucket start as epoch milliseconds. Grafana's `$__interval` arrives in ms;
 * whole seconds use a second interval so the same expression also works on the
 * rollup's DateTime `hour` column. The time zone is a bound parameter.
 */
export function timeBucket(timeColumn: string, intervalMs: number, timezone: string): Expr {
  const interval = intervalMs % 1000 === 0
    ? call('toIntervalSecond', [param(intervalMs / 1000, 'UInt64')])
    : call('toIntervalMillisecond', [param(intervalMs, 'UInt64')]);
  const bucket = call('toStartOfInterval', [column(timeColumn), interval, str(timezone)]);
  return call('toUnixTimestamp64Milli', [call('toDateTime64', [bucket, param(3, 'UInt32'), str('UTC')])]);
}

/** Half-open [from, to): the rollup can only answer hour-aligned half-open ranges exactly. */
export function timeRangeExpr(timeColumn: string, fromMs: number, toMs: number): Expr {
  return and([
    compare('>=', column(timeColumn), call('fromUnixTimestamp64Milli', [param(fromMs, 'Int64')])),
    compare('<', column(timeColumn), call('fromUnixTimestamp64Milli', [param(toMs, 'Int64')])),
  ]);
}
