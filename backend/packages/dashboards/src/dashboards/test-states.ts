/**
 * Flaky, broken and quarantined tests from the intelligence datasets (test_states is the monitors'
 * verdict per test, mirrored from the metadata store). Its time column is `since`, when the test
 * entered its state: "current" panels read ALL_TIME, "newly broken" reads the dashboard range.
 */
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { BigValueGraphMode } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { reduce, thresholds } from '../build/style.ts';
import { ALL_TIME, modelTarget } from '../build/target.ts';

const STATE_METRICS = [
  { fn: 'max', field: 'failure_rate', alias: 'failure_rate' },
  { fn: 'max', field: 'flips', alias: 'flips' },
] as const;

const rateColumn = (t: TableBuilder) => t
  .overrideByName('failure_rate', [{ id: 'unit', value: 'percentunit' }, { id: 'custom.cellOptions', value: { type: 'color-background' } },
    { id: 'thresholds', value: thresholds('green', [0.05, 'orange'], [0.25, 'red']).build() }]);

export function testStatePanels(ds: DataSourceRef): Builder<Panel>[] {
  const flaky = rateColumn(new TableBuilder().title('Flaky and broken tests').span(12).height(10)
    .description('Current verdict of the monitors, whatever the time range: failure rate and pass/fail flips over the monitor window.')
    .withTarget(modelTarget(ds, {
      dataset: 'test_states', metrics: [...STATE_METRICS], groupBy: ['state', 'test', 'suite', 'owner'],
      filters: [{ field: 'state', op: 'in', value: ['flaky', 'broken'] }], timeRange: ALL_TIME, shape: 'table',
      orderBy: [{ by: 'failure_rate', dir: 'desc' }], limit: 200,
    })));

  const quarantined = rateColumn(new TableBuilder().title('Quarantined tests').span(12).height(10)
    .description('Tests in quarantine now; their failures do not fail the build (see "Failures hidden by quarantine").')
    .withTarget(modelTarget(ds, {
      dataset: 'test_states', metrics: [...STATE_METRICS], groupBy: ['test', 'suite', 'owner'],
      filters: [{ field: 'state', op: '=', value: 'quarantined' }], timeRange: ALL_TIME, shape: 'table',
      orderBy: [{ by: 'failure_rate', dir: 'desc' }], limit: 200,
    })));

  const newlyBroken = rateColumn(new TableBuilder().title('Newly broken').span(12).height(10)
    .description('Tests that became broken (failing since their last green run) within the time range.')
    .withTarget(modelTarget(ds, {
      dataset: 'test_states', metrics: [...STATE_METRICS, { fn: 'count', alias: 'tests' }], groupBy: ['test', 'suite', 'owner'],
      filters: [{ field: 'state', op: '=', value: 'broken' }], shape: 'table', orderBy: [{ by: 'failure_rate', dir: 'desc' }], limit: 200,
    })));

  const hidden = new StatBuilder().title('Failures hidden by quarantine').span(12).height(10)
    .description('Failed results in the range, split by whether the test was quarantined when it ran.')
    .withTarget(modelTarget(ds, {
      dataset: 'results', metrics: [{ fn: 'real_failure_count', alias: 'real_failures' }, { fn: 'quarantined_failure_count', alias: 'quarantined_failures' }], shape: 'single',
    }))
    .unit('short').graphMode(BigValueGraphMode.None).reduceOptions(reduce('lastNotNull'));

  return [flaky, quarantined, newlyBroken, hidden];
}
