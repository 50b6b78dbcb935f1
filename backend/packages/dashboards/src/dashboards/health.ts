/**
 * Test health: where the suite is unhealthy and who owns it — failing tests with their impact,
 * failure clusters, slow tests, new failures, run history per branch, owners.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { failureClusters, healthMatrix, runTimeline } from '../build/custom-panels.ts';
import { finalize } from '../build/finalize.ts';
import { PASS_RATE_THRESHOLDS, thresholds } from '../build/style.ts';
import { annotationTarget, modelTarget } from '../build/target.ts';
import { baseDashboard } from '../build/base.ts';
import { testStatePanels } from './test-states.ts';

export const HEALTH_UID = 'semantest-health';

const HOUR_MS = 3_600_000;

export function healthDashboard(ds: DataSourceRef): Dashboard {
  const b = baseDashboard(ds, { uid: HEALTH_UID, title: 'Semantest · Test health', tags: ['tests', 'flaky'], from: 'now-7d', refresh: '5m' });

  b.withPanel(healthMatrix('Pass rate: suite × environment',
    modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'pass_rate' }, { fn: 'count', alias: 'tests' }], groupBy: ['suite', 'environment'], shape: 'table' }),
    { rowField: 'suite', columnField: 'environment', valueField: 'pass_rate', countField: 'tests', rowVariable: 'suite', columnVariable: 'environment' })
    .description('Click a cell to set the suite and environment variables.')
    .span(12).height(10).unit('percentunit').min(0).max(1).thresholds(PASS_RATE_THRESHOLDS()));

  b.withPanel(failureClusters('Failure clusters', modelTarget(ds, {
    dataset: 'failure_clusters',
    metrics: [{ fn: 'count', alias: 'failures' }, { fn: 'distinct_tests', alias: 'tests' }, { fn: 'first_seen' }, { fn: 'last_seen' }],
    groupBy: ['error_type', 'error_signature'], shape: 'table', orderBy: [{ by: 'failures', dir: 'desc' }], limit: 1000,
  }), { typeField: 'error_type', messageField: 'error_signature', countField: 'failures', testsField: 'tests', firstSeenField: 'first_seen', lastSeenField: 'last_seen' })
    .description('Failing final attempts grouped by error type and normalised failure signature, with first and last time seen.')
    // first/last seen arrive as epoch-ms numbers; as time fields the panel's tooltip formats them.
    .withTransformation({ id: 'convertFieldType', options: { conversions: [{ targetField: 'first_seen', destinationType: 'time' }, { targetField: 'last_seen', destinationType: 'time' }] } })
    .span(12).height(10).unit('short').thresholds(thresholds('yellow', [10, 'orange'], [100, 'red'])));

  for (const p of testStatePanels(ds)) b.withPanel(p);

  b.withPanel(new TableBuilder().title('Failing tests and their impact').span(12).height(10)
    .description('Tests with the most failed or errored attempts; impact = failures + errors, with the pass rate over the range.')
    .withTarget(modelTarget(ds, {
      dataset: 'results',
      metrics: [{ fn: 'failure_count', alias: 'failures' }, { fn: 'error_count', alias: 'errors' }, { fn: 'count', alias: 'attempts' }, { fn: 'pass_rate' }],
      groupBy: ['test', 'suite', 'owner'], shape: 'table', orderBy: [{ by: 'failures', dir: 'desc' }, { by: 'errors', dir: 'desc' }], limit: 50,
    }))
    .overrideByName('pass_rate', [{ id: 'unit', value: 'percentunit' }, { id: 'custom.cellOptions', value: { type: 'color-background' } }, { id: 'thresholds', value: PASS_RATE_THRESHOLDS().build() }]));

  b.withPanel(new TableBuilder().title('New failures').span(12).height(10)
    .description('Tests whose first failure ever falls in the time range (the "new_failures" annotation query).')
    .withTarget(annotationTarget(ds, 'new_failures')));

  b.withPanel(new TableBuilder().title('Slowest tests (p95)').span(12).height(10)
    .withTarget(modelTarget(ds, {
      dataset: 'results', metrics: [{ fn: 'p95', field: 'duration_ms', alias: 'p95' }, { fn: 'avg', field: 'duration_ms', alias: 'average' }, { fn: 'count', alias: 'attempts' }],
      groupBy: ['test', 'suite', 'owner'], shape: 'table', orderBy: [{ by: 'p95', dir: 'desc' }], limit: 25,
    }))
    .overrideByName('p95', [{ id: 'unit', value: 'ms' }]).overrideByName('average', [{ id: 'unit', value: 'ms' }]));

  b.withPanel(new TableBuilder().title('Owners').span(12).height(10)
    .withTarget(modelTarget(ds, {
      dataset: 'results', metrics: [{ fn: 'distinct_tests', alias: 'tests' }, { fn: 'failure_count', alias: 'failures' }, { fn: 'error_count', alias: 'errors' }, { fn: 'pass_rate' }],
      groupBy: ['owner'], shape: 'table', orderBy: [{ by: 'failures', dir: 'desc' }], limit: 200,
    }))
    .overrideByName('pass_rate', [{ id: 'unit', value: 'percentunit' }, { id: 'custom.cellOptions', value: { type: 'color-background' } }, { id: 'thresholds', value: PASS_RATE_THRESHOLDS().build() }]));

  b.withPanel(runTimeline('Run history on $branch', modelTarget(ds, {
    dataset: 'results', metrics: [{ fn: 'count', alias: 'attempts' }], groupBy: ['test', 'status', 'owner'],
    shape: 'timeseries_long', bucketIntervalMs: HOUR_MS, limit: 10_000,
  }), { testField: 'test', statusField: 'status', timeField: 'time', ownerField: 'owner' })
    .description('Hourly outcomes per test on one branch; one panel per selected branch.')
    .repeat('branch').repeatDirection('v')
    .span(24).height(12).unit('percentunit').thresholds(thresholds('green', [0.1, 'orange'], [0.3, 'red'])));

  return finalize(b);
}
