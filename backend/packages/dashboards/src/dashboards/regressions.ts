/**
 * Regressions against the baseline: the latest regression check per test, suite or perf metric
 * (intelligence `regressions` dataset, written when a check runs: POST /api/v1/regressions).
 * Latest verdicts whatever the dashboard range, so a check from last month still shows.
 */
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { thresholds } from '../build/style.ts';
import { ALL_TIME, modelTarget } from '../build/target.ts';

export function regressionPanels(ds: DataSourceRef): Builder<Panel>[] {
  const table = new TableBuilder().title('Regressions against the baseline').span(24).height(10)
    .description('Latest check per subject: medians of the baseline and current windows, change, effect size (Cliff\'s delta) and confidence (1 − q).')
    .withTarget(modelTarget(ds, {
      dataset: 'regressions',
      metrics: [
        { fn: 'max', field: 'change_pct', alias: 'change' }, { fn: 'max', field: 'baseline_value', alias: 'baseline' },
        { fn: 'max', field: 'current_value', alias: 'current' }, { fn: 'max', field: 'effect_size', alias: 'effect_size' },
        { fn: 'max', field: 'confidence', alias: 'confidence' },
      ],
      groupBy: ['verdict', 'level', 'project', 'suite', 'test', 'metric'],
      filters: [{ field: 'verdict', op: 'in', value: ['regressed', 'improved'] }], timeRange: ALL_TIME, shape: 'table',
      orderBy: [{ by: 'change', dir: 'desc' }], limit: 200,
    }))
    .overrideByName('change', [{ id: 'unit', value: 'percentunit' }, { id: 'custom.cellOptions', value: { type: 'color-background' } },
      { id: 'thresholds', value: thresholds('green', [0.1, 'orange'], [0.25, 'red']).build() }])
    .overrideByName('confidence', [{ id: 'unit', value: 'percentunit' }]);
  return [table];
}
