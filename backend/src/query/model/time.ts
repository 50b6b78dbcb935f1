import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { compare } from '../ast/compare.ts';
import { and } from '../ast/logic.ts';
import { param, str } from '../ast/param.ts';

/** Largest whole unit first: day/hour/minute buckets align to LOCAL time in `timezone`. */
const UNITS: readonly [number, string][] = [
  [86_400_000, 'toIntervalDay'], [3_600_000, 'toIntervalHour'], [60_000, 'toIntervalMinute'], [1_000, 'toIntervalSecond'], [1, 'toIntervalMillisecond'],
];

/**
 * Bucket start as epoch milliseconds. Grafana's `$__interval` arrives in ms; it
 * is expressed in the largest whole unit because ClickHouse aligns day/hour/
 * minute intervals to local time in the given zone (a 1-day bucket in
 * Europe/Paris starts at Paris midnight) while second/ms intervals align to the
 * Unix epoch. Those units also work on the rollup's DateTime `hour` column.
 * The zone is a bound parameter.
 */
export function timeBucket(timeColumn: string, intervalMs: number, timezone: string): Expr {
  const [size, fn] = UNITS.find(([ms]) => intervalMs % ms === 0) ?? [1, 'toIntervalMillisecond'];
  const interval = call(fn, [param(intervalMs / size, 'UInt64')]);
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
