import type { MetricFn, NumericField } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { compare } from '../ast/compare.ts';
import { param, str } from '../ast/param.ts';
import { mapExpr, mapSelectExprs, mapSource } from '../ast/walk.ts';
import { withSelect, type SelectNode } from '../ast/select.ts';
import { QueryCompileError } from '../errors.ts';
import { clusterMetric, mainTable, quarantineMetric } from './lower-intelligence.ts';

const LEVEL: Partial<Record<MetricFn, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };
const c = column;
const statusIs = (s: string) => compare('=', c('status'), str(s));
const divide = (a: Expr, b: Expr) => call('divide', [a, call('nullIf', [b, param(0, 'UInt64')])]);

/** Raw per-row tables: aggregate the rows. pass_rate excludes skipped; empty → NULL. */
function rawResults(fn: MetricFn, field: string): Expr | undefined {
  switch (fn) {
    case 'count': return call('count', []);
    case 'pass_rate': return divide(call('countIf', [statusIs('passed')]), call('countIf', [call('has', [param(['passed', 'failed', 'error'], 'Array(String)'), c('status')])]));
    case 'failure_count': return call('countIf', [statusIs('failed')]);
    case 'error_count': return call('countIf', [statusIs('error')]);
    case 'skipped_count': return call('countIf', [statusIs('skipped')]);
    case 'distinct_tests': return call('uniqExact', [c('test_id')]);
    default: return numeric(fn, field);
  }
}

function numeric(fn: MetricFn, field: string): Expr | undefined {
  const level = LEVEL[fn];
  if (level !== undefined) return call('quantileExact', [c(field)], [param(level, 'Float64')]);
  if (fn === 'avg' || fn === 'min' || fn === 'max' || fn === 'sum') return call(fn, [c(field)]);
  return undefined;
}

/** The hourly rollup: merge the states. Each form equals its raw counterpart exactly. */
function rollup(fn: MetricFn): Expr | undefined {
  const s = (col: string) => call('sum', [c(col)]);
  switch (fn) {
    case 'count': return s('total');
    case 'pass_rate': return divide(s('passed'), call('plus', [call('plus', [s('passed'), s('failed')]), s('errored')]));
    case 'failure_count': return s('failed');
    case 'error_count': return s('errored');
    case 'skipped_count': return s('skipped');
    case 'distinct_tests': return call('uniqExact', [c('test_id')]);
    case 'avg': return call('divide', [s('duration_sum'), s('total')]);
    case 'sum': return s('duration_sum');
    case 'min': return call('min', [c('duration_min')]);
    case 'max': return call('max', [c('duration_max')]);
    default: {
      const level = LEVEL[fn];
      return level === undefined ? undefined : call('quantileExactMerge', [c('duration_q')], [param(level, 'Float64')]);
    }
  }
}

/** Runs: one row per run with totals; outcome metrics sum the totals. */
function runs(fn: MetricFn, field: string): Expr | undefined {
  const s = (col: string) => call('sum', [c(col)]);
  switch (fn) {
    case 'count': return call('count', []);
    case 'pass_rate': return divide(s('passed'), call('plus', [call('plus', [s('passed'), s('failed')]), s('errors')]));
    case 'failure_count': return s('failed');
    case 'error_count': return s('errors');
    case 'skipped_count': return s('skipped');
    default: return numeric(fn, field);
  }
}

/** Test states and regression checks: one row per test/subject; field metrics on their numbers. */
function perRow(fn: MetricFn, field: string): Expr | undefined {
  if (fn === 'count') return call('count', []);
  if (fn === 'distinct_tests') return call('uniqExact', [c('test_id')]);
  return numeric(fn, field);
}

/** Self-monitoring samples: field metrics, plus `last` = the value of the latest sample (gauges). */
function platformMetric(fn: MetricFn, field: string): Expr | undefined {
  if (fn === 'count') return call('count', []);
  if (fn === 'last') return call('argMax', [c(field), c('ts')]);
  return numeric(fn, field);
}

function lower(table: string, fn: MetricFn, field: NumericField | undefined): Expr {
  const f = field ?? 'duration_ms';
  const e = table === 'test_results' ? rawResults(fn, f) ?? quarantineMetric(fn)
    : table === 'test_results_hourly' ? rollup(fn)
    : table === 'test_runs' ? runs(fn, f)
    : table === 'perf_samples' || table === 'audit_log' ? (fn === 'count' ? call('count', []) : numeric(fn, f))
    : table === 'platform_metrics' ? platformMetric(fn, f)
    : table === 'failure_clusters_daily' ? clusterMetric(fn)
    : table === 'test_states_mirror' || table === 'regression_checks' || table === 'run_diff' ? perRow(fn, f)
    : undefined;
  if (!e) throw new QueryCompileError('QUERY_INVALID', `metric ${fn} is not available here`);
  return e;
}

/** Turns abstract metric nodes into aggregate calls for the source each select reads. */
export function lowerMetricsPass(s: SelectNode): SelectNode {
  const visit = (sel: SelectNode): SelectNode => {
    const tableName = mainTable(sel.from);
    const inner = mapSelectExprs(sel, (e) => mapExpr(e, (x) => (x.kind === 'metric' ? lower(tableName, x.fn, x.field) : undefined), visit));
    return withSelect(inner, { from: mapSource(inner.from, visit) });
  };
  return visit(s);
}
