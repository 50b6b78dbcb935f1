/**
 * Platform health for org admins: what this tenant ingests and stores, how its queries and
 * scheduled reports fare, and the self-monitoring samples (platform-samples.ts). Everything is per tenant — the compiler guards every read with the
 * tenant of the datasource's key — so "per tenant" figures are this org's own. Audit panels need
 * the Admin role (the audit dataset's minRole).
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { BigValueGraphMode, GraphDrawStyle, StackingConfigBuilder, StackingMode } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { finalize } from '../build/finalize.ts';
import { reduce } from '../build/style.ts';
import { modelTarget } from '../build/target.ts';
import { baseDashboard } from '../build/base.ts';
import { addSamplePanels } from './platform-samples.ts';

export const PLATFORM_UID = 'semantest-platform';

/** Audit actions the schedulers write: reports (backend/src/reports) and scheduled exports (routes/api/exports). */
const SCHEDULER_ACTIONS = ['report.run', 'report.failed', 'report.delivery', 'export.scheduled'];

export function platformDashboard(ds: DataSourceRef): Dashboard {
  const b = baseDashboard(ds, { uid: PLATFORM_UID, title: 'Semantest · Platform health (admin)', tags: ['admin', 'platform'], from: 'now-24h', refresh: '1m' });

  b.withPanel(new TimeseriesBuilder().title('Ingestion rate: results per minute').span(12).height(8)
    .description('Test results stored per minute, by the time the tests ran (started_at).')
    .withTarget(modelTarget(ds, { dataset: 'results', metrics: [{ fn: 'count', alias: 'results' }], groupBy: ['project'], shape: 'timeseries_wide', bucketIntervalMs: 60_000, legendFormat: '{{project}}' }))
    .drawStyle(GraphDrawStyle.Bars).stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A')).unit('short'));

  b.withPanel(new TimeseriesBuilder().title('Runs uploaded').span(12).height(8)
    .withTarget(modelTarget(ds, { dataset: 'runs', metrics: [{ fn: 'count', alias: 'runs' }], groupBy: ['project'], shape: 'timeseries_wide', legendFormat: '{{project}}' }))
    .drawStyle(GraphDrawStyle.Bars).stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A')).unit('short'));

  addSamplePanels(b, ds);

  const rows = [
    { title: 'Result rows (this tenant)', dataset: 'results' },
    { title: 'Run rows (this tenant)', dataset: 'runs' },
    { title: 'Perf sample rows (this tenant)', dataset: 'perf' },
  ];
  for (const r of rows) {
    b.withPanel(new StatBuilder().title(r.title).span(8).height(4)
      .description('Rows in the time range that the dashboard variables select.')
      .withTarget(modelTarget(ds, { dataset: r.dataset, metrics: [{ fn: 'count', alias: 'rows' }], shape: 'single' }))
      .unit('short').graphMode(BigValueGraphMode.None).reduceOptions(reduce('lastNotNull')));
  }

  b.withPanel(new TimeseriesBuilder().title('Queries by outcome').span(12).height(8)
    .description('Panel, report and export queries of this tenant (audit log): success, error, denied.')
    .withTarget(modelTarget(ds, {
      dataset: 'audit', metrics: [{ fn: 'count', alias: 'queries' }], groupBy: ['outcome'],
      filters: [{ field: 'action', op: 'in', value: ['query', 'security_violation'] }], shape: 'timeseries_wide', legendFormat: '{{outcome}}',
    }))
    .drawStyle(GraphDrawStyle.Bars).stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A')).unit('short'));

  b.withPanel(new TimeseriesBuilder().title('Scheduler runs').span(12).height(8)
    .description('Scheduled report runs, failures and deliveries, and scheduled export jobs (audit log).')
    .withTarget(modelTarget(ds, {
      dataset: 'audit', metrics: [{ fn: 'count', alias: 'runs' }], groupBy: ['action', 'outcome'],
      filters: [{ field: 'action', op: 'in', value: SCHEDULER_ACTIONS }], shape: 'timeseries_wide', legendFormat: '{{action}} {{outcome}}',
    }))
    .drawStyle(GraphDrawStyle.Bars).unit('short'));

  b.withPanel(new TableBuilder().title('Refused and failed access').span(24).height(8)
    .withTarget(modelTarget(ds, {
      dataset: 'audit', metrics: [{ fn: 'count', alias: 'events' }], groupBy: ['action', 'actor', 'outcome', 'risk'],
      filters: [{ field: 'outcome', op: 'in', value: ['denied', 'error'] }], shape: 'table', orderBy: [{ by: 'events', dir: 'desc' }], limit: 100,
    })));

  return finalize(b);
}
