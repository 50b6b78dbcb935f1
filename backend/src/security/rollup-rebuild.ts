/**
 * Rebuilds one tenant's rows of the hourly rollup from test_results, after an
 * erasure (deleted raw rows must leave the rollup too: it keys test names, and
 * rollup-served panels must keep matching the raw table) or a retention change.
 * The SELECT is the materialized view's (migration 0002).
 *
 * Known window: a result ingested for this tenant between the DELETE and the
 * INSERT … SELECT reaches the rollup twice (view + rebuild). Erasure and
 * retention changes are rare admin operations; run them when the tenant is not
 * uploading if exact rollup counts matter at that moment.
 */
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';

export async function rebuildTenantRollup(analytics: AnalyticsDriver, tenantId: string): Promise<void> {
  await analytics.command('DELETE FROM test_results_hourly WHERE tenant_id = {tenant:String}', { tenant: tenantId });
  await analytics.command(
    `INSERT INTO test_results_hourly
     SELECT tenant_id, project, suite, test_id, name, toStartOfHour(started_at) AS hour,
            count() AS total, countIf(status = 'passed') AS passed, countIf(status = 'failed') AS failed,
            countIf(status = 'error') AS errored, countIf(status = 'skipped') AS skipped,
            sum(duration_ms) AS duration_sum, min(duration_ms) AS duration_min, max(duration_ms) AS duration_max,
            quantileExactState(duration_ms) AS duration_q, max(retention_days) AS retention_days
     FROM test_results WHERE tenant_id = {tenant:String}
     GROUP BY tenant_id, project, suite, test_id, name, hour`,
    { tenant: tenantId },
  );
}
