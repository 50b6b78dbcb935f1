/**
 * Performance monitoring: resource and page metrics from `perf` samples by environment and
 * browser, p95 trends, and regressions against a baseline.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { finalize } from '../build/finalize.ts';
import { modelTarget } from '../build/target.ts';
import { baseDashboard } from '../build/base.ts';
import { regressionPanels } from './regressions.ts';

export const PERFORMANCE_UID = 'semantest-performance';

/** Metric names the ingest API documents for perf samples (DESIGN.md data model). */
const RESOURCE_METRICS = [
  { metric: 'cpu_usage', title: 'CPU usage', unit: 'percent' },
  { metric: 'memory_usage', title: 'Memory usage', unit: 'decmbytes' },
  { metric: 'network_latency', title: 'Network latency', unit: 'ms' },
  { metric: 'page_load_time', title: 'Page load time', unit: 'ms' },
] as const;

function perfSeries(ds: DataSourceRef, title: string, metric: string, fn: 'avg' | 'p95', groupBy: string[], unit: string, legend: string) {
  return new TimeseriesBuilder().title(title).span(12).height(8).unit(unit)
    .withTarget(modelTarget(ds, {
      dataset: 'perf', metrics: [{ fn, field: 'value', alias: fn === 'avg' ? 'average' : 'p95' }], groupBy,
      filters: [{ field: 'metric', op: '=', value: metric }], shape: 'timeseries_wide', legendFormat: legend,
    }));
}

export function performanceDashboard(ds: DataSourceRef): Dashboard {
  const b = baseDashboard(ds, { uid: PERFORMANCE_UID, title: 'Semantest · Performance monitoring', tags: ['performance'], from: 'now-7d', refresh: '1m' });

  for (const m of RESOURCE_METRICS) {
    b.withPanel(perfSeries(ds, `${m.title} by environment and browser`, m.metric, 'avg', ['environment', 'browser'], m.unit, '{{environment}} {{browser}}'));
  }
  b.withPanel(perfSeries(ds, 'Page load time p95 by browser', 'page_load_time', 'p95', ['browser'], 'ms', '{{browser}}'));
  b.withPanel(perfSeries(ds, 'Network latency p95 by environment', 'network_latency', 'p95', ['environment'], 'ms', '{{environment}}'));
  b.withPanel(new TimeseriesBuilder().title('Test duration p95 by project').span(12).height(8).unit('ms')
    .withTarget(modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'p95', field: 'duration_ms', alias: 'p95' }], groupBy: ['project'], shape: 'timeseries_wide', legendFormat: '{{project}}' })));
  b.withPanel(new TimeseriesBuilder().title('Run duration p95 by environment').span(12).height(8).unit('ms')
    .withTarget(modelTarget(ds, { dataset: 'runs', metrics: [{ fn: 'p95', field: 'duration_ms', alias: 'p95' }], groupBy: ['environment'], shape: 'timeseries_wide', legendFormat: '{{environment}}' })));
  for (const p of regressionPanels(ds)) b.withPanel(p);
  return finalize(b);
}
