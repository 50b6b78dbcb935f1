/**
 * Test execution, real time: what CI is doing right now. Refreshes every 10 s; the "Live uploads"
 * panel streams batch counts over Grafana Live, so it moves within a second of an upload.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { BigValueGraphMode, GraphDrawStyle, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode } from '@grafana/grafana-foundation-sdk/common';
import { AnnotationQueryBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugeBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as PieBuilder, PieChartType } from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { healthMatrix } from '../build/custom-panels.ts';
import { finalize } from '../build/finalize.ts';
import { NEUTRAL_THRESHOLDS, PASS_RATE_THRESHOLDS, STATUS_COLORS, fixedColor, reduce, thresholds } from '../build/style.ts';
import { annotationTarget, modelTarget, streamTarget } from '../build/target.ts';
import { baseDashboard } from '../build/base.ts';
import { alertListPanel } from './alert-list.ts';

export const EXECUTION_UID = 'semantest-execution';

export function executionDashboard(ds: DataSourceRef): Dashboard {
  const b = baseDashboard(ds, { uid: EXECUTION_UID, title: 'Semantest · Test execution (real time)', tags: ['tests', 'real-time'], from: 'now-1h', refresh: '10s' })
    .liveNow(true)
    .annotation(new AnnotationQueryBuilder().name('Failed runs').datasource(ds).enable(true).iconColor('red').target(annotationTarget(ds, 'failed_runs')));

  b.withPanel(new StatBuilder().title('Tests per minute').span(6).height(5)
    .description('Executed test attempts per minute (retries included): the mean over the minutes of the range that had results, with the per-minute trend.')
    .withTarget(modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'count', alias: 'tests' }], shape: 'timeseries_wide', bucketIntervalMs: 60_000 }))
    .unit('short').decimals(1).graphMode(BigValueGraphMode.Area).thresholds(NEUTRAL_THRESHOLDS()).reduceOptions(reduce('mean')));

  b.withPanel(new GaugeBuilder().title('Success rate').span(6).height(5)
    .description('passed / (passed + failed + error); skipped tests are not counted.')
    .withTarget(modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'pass_rate' }], shape: 'single' }))
    .unit('percentunit').min(0).max(1).decimals(1).thresholds(PASS_RATE_THRESHOLDS())
    .showThresholdMarkers(true).reduceOptions(reduce('lastNotNull')));

  b.withPanel(new StatBuilder().title('Average duration').span(6).height(5)
    .withTarget(modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'avg', field: 'duration_ms' }], shape: 'single' }))
    .unit('ms').graphMode(BigValueGraphMode.None).thresholds(NEUTRAL_THRESHOLDS()).reduceOptions(reduce('lastNotNull')));

  b.withPanel(new StatBuilder().title('Active runs').span(6).height(5)
    .description('Runs that started in the last 15 minutes. Uploads are stored when a run ends, so this counts recent runs, not runs still executing.')
    .withTarget(modelTarget(ds, { dataset: 'runs', metrics: [{ fn: 'count', alias: 'runs' }], shape: 'single' }))
    .timeFrom('15m').unit('short').graphMode(BigValueGraphMode.None).thresholds(NEUTRAL_THRESHOLDS()).reduceOptions(reduce('lastNotNull')));

  const outcomes = new TimeseriesBuilder().title('Outcomes over time').span(16).height(9)
    .withTarget(modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'count', alias: 'tests' }], groupBy: ['status'], shape: 'timeseries_wide', legendFormat: '{{status}}' }))
    .drawStyle(GraphDrawStyle.Bars).fillOpacity(80).lineWidth(1)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A')).unit('short');
  for (const [status, color] of Object.entries(STATUS_COLORS)) outcomes.overrideByName(status, [fixedColor(color)]);
  b.withPanel(outcomes);

  b.withPanel(new PieBuilder().title('Error distribution').span(8).height(9)
    .withTarget(modelTarget(ds, { dataset: 'errors', metrics: [{ fn: 'count', alias: 'failures' }], groupBy: ['error_type'], shape: 'table', orderBy: [{ by: 'failures', dir: 'desc' }], limit: 10 }))
    .pieType(PieChartType.Donut).reduceOptions(new ReduceDataOptionsBuilder().values(true).calcs(['lastNotNull']).fields('/^failures$/')).unit('short'));

  const live = new TimeseriesBuilder().title('Live uploads').span(12).height(8)
    .description('Results of each committed upload batch, pushed over Grafana Live (at most streamMaxPerSecond frames per second). Not filtered by the dashboard variables.')
    .withTarget(streamTarget(ds))
    .withTransformation({ id: 'organize', options: { excludeByName: { batches: true, runs: true, results: true } } })
    .drawStyle(GraphDrawStyle.Bars).fillOpacity(80).stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A')).unit('short');
  for (const status of ['passed', 'failed', 'skipped']) live.overrideByName(status, [fixedColor(STATUS_COLORS[status]!)]);
  b.withPanel(live);

  b.withPanel(alertListPanel('Recent alerts').span(12).height(8));

  b.withPanel(healthMatrix('Pass rate: browser × environment', modelTarget(ds, {
    dataset: 'results', metrics: [{ fn: 'pass_rate' }, { fn: 'count', alias: 'tests' }], groupBy: ['browser', 'environment'],
    filters: [{ field: 'browser', op: '!=', value: '' }], shape: 'table',
  }), { rowField: 'browser', columnField: 'environment', valueField: 'pass_rate', countField: 'tests', rowVariable: '', columnVariable: 'environment' })
    .span(12).height(9).unit('percentunit').min(0).max(1).thresholds(PASS_RATE_THRESHOLDS()));

  b.withPanel(healthMatrix('Page load p95: browser × environment', modelTarget(ds, {
    dataset: 'perf', metrics: [{ fn: 'p95', field: 'value', alias: 'p95_page_load' }, { fn: 'count', alias: 'samples' }], groupBy: ['browser', 'environment'],
    filters: [{ field: 'metric', op: '=', value: 'page_load_time' }, { field: 'browser', op: '!=', value: '' }], shape: 'table',
  }), { rowField: 'browser', columnField: 'environment', valueField: 'p95_page_load', countField: 'samples', rowVariable: '', columnVariable: 'environment' })
    .span(12).height(9).unit('ms').min(0).max(5000).decimals(0).thresholds(thresholds('green', [2000, 'orange'], [3000, 'red'])));

  return finalize(b);
}
