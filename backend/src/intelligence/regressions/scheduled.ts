/**
 * The regression check the evaluation job runs per project, so regressions
 * are a dataset (`regressions`, table regression_checks) that dashboards and
 * alert rules can read: the last `windowDays` against the `windowDays` before
 * them, for test durations, suite durations and every performance metric the
 * project reported. Series without enough samples are not written; each
 * written row replaces the previous check of its subject (ReplacingMergeTree).
 */
import type { AnalyticsDriver } from '../../storage/analytics/driver.ts';
import { chTime } from '../sql.ts';
import { detectRegressions, DEFAULT_REGRESSION_CONFIG, type RegressionFinding } from './detect.ts';
import { rowsToSeries, samplesSql, type SampleRow, type SamplesQuery } from './samples-sql.ts';

const DAY = 86_400_000;
const finite = (v: number) => (Number.isFinite(v) ? v : 0);

interface Check { level: SamplesQuery['level']; metric: string }

async function findings(analytics: AnalyticsDriver, q: SamplesQuery, metric: string): Promise<RegressionFinding[]> {
  const sql = samplesSql(q);
  const rows = await analytics.query<SampleRow>(sql.sql, sql.params);
  return detectRegressions(rowsToSeries(rows, metric), DEFAULT_REGRESSION_CONFIG).filter((f) => f.status !== 'insufficient');
}

/** Runs every check of a project and writes the results; returns the number of rows written. */
export async function checkProjectRegressions(analytics: AnalyticsDriver, tenant: string, project: string, now: number, windowDays = 7, version = now * 1000): Promise<number> {
  const span = windowDays * DAY;
  const range = { tenant, project, from: chTime(now - 2 * span) };
  const metrics = await analytics.query<{ metric: string }>(
    `SELECT DISTINCT toString(metric) AS metric FROM perf_samples WHERE tenant_id = {tenant:String} AND project = {project:String} AND ts >= {from:DateTime64(3, 'UTC')}`, range);
  const checks: Check[] = [{ level: 'test', metric: 'duration_ms' }, { level: 'suite', metric: 'duration_ms' }, ...metrics.map((m) => ({ level: 'metric' as const, metric: m.metric }))];
  const out: Record<string, unknown>[] = [];
  const names = new Map<string, { name: string; suite: string }>();
  for (const c of checks) {
    const base = { tenant, project, level: c.level, baseline: { kind: 'period' as const, from: now - 2 * span, to: now - span }, current: { from: now - span, to: now } };
    const found = await findings(analytics, c.level === 'metric' ? { ...base, metric: c.metric } : base, c.metric);
    if (c.level !== 'suite' && found.length > 0) {
      const rows = await analytics.query<{ test_id: string; name: string; suite: string }>(
        `SELECT test_id, any(name) AS name, any(suite) AS suite FROM test_results
          WHERE tenant_id = {tenant:String} AND project = {project:String} AND started_at >= {from:DateTime64(3, 'UTC')} AND has({ids:Array(String)}, test_id)
          GROUP BY test_id`, { ...range, ids: found.map((f) => f.key) });
      for (const r of rows) names.set(r.test_id, { name: r.name, suite: r.suite });
    }
    for (const f of found) {
      const who = c.level === 'suite' ? { name: '', suite: f.key } : names.get(f.key) ?? { name: '', suite: '' };
      out.push({
        tenant_id: tenant, project, level: c.level, metric: c.metric, subject: f.key, name: who.name, suite: who.suite, verdict: f.status,
        baseline_value: finite(f.baselineMedian), current_value: finite(f.currentMedian), change_pct: finite(f.relativeMedianChange),
        effect_size: finite(f.cliffsDelta), p_value: finite(f.pValue), confidence: finite(1 - f.qValue),
        baseline_n: f.nBaseline, current_n: f.nCurrent, checked_at: chTime(now), version,
      });
    }
  }
  if (out.length > 0) await analytics.insertJsonEachRow('regression_checks', Buffer.from(out.map((r) => JSON.stringify(r)).join('\n')));
  return out.length;
}
