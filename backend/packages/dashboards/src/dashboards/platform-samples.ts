/**
 * Platform health panels over the self-monitoring `platform` dataset (admin-only; samples written
 * every few seconds by backend/src/platform): batch commit latency, write-queue depth, query
 * latency, rows and bytes stored. Each panel filters the metric names it shows, so a panel never
 * mixes units. Metric names: backend/src/platform/rows.ts.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { BigValueGraphMode } from '@grafana/grafana-foundation-sdk/common';
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { reduce } from '../build/style.ts';
import { modelTarget } from '../build/target.ts';

/** max(value) per metric over each bucket: the worst sample of the bucket for latencies and depth. */
const samples = (ds: DataSourceRef, metrics: readonly string[]) => modelTarget(ds, {
  dataset: 'platform', metrics: [{ fn: 'max', field: 'value', alias: 'value' }], groupBy: ['metric'],
  filters: [{ field: 'metric', op: 'in', value: [...metrics] }], shape: 'timeseries_wide', legendFormat: '{{metric}}',
});

/** The latest sample of one gauge in the range (rows and bytes stored). */
const latest = (ds: DataSourceRef, metric: string) => modelTarget(ds, {
  dataset: 'platform', metrics: [{ fn: 'last', field: 'value', alias: 'value' }],
  filters: [{ field: 'metric', op: 'in', value: [metric] }], shape: 'single',
});

const SERIES: ReadonlyArray<{ title: string; description: string; metrics: readonly string[]; unit: string }> = [
  {
    title: 'Batch commit latency', unit: 'ms', metrics: ['batch_latency_p50_ms', 'batch_latency_p95_ms', 'batch_latency_max_ms'],
    description: 'Write time of the group-commit batches that carried this tenant’s runs: p50 / p95 / max per sampling interval.',
  },
  {
    title: 'Write queue depth', unit: 'short', metrics: ['queue_depth_rows'],
    description: 'Rows waiting in the shared write queue when sampled (the queue is one for all tenants: this is what an upload waits behind).',
  },
  {
    title: 'Query latency', unit: 'ms', metrics: ['query_latency_p95_ms', 'query_latency_max_ms'],
    description: 'Duration of this tenant’s panel, report and alert queries: p95 / max per sampling interval.',
  },
  {
    title: 'Rows ingested per sample', unit: 'short', metrics: ['rows_ingested'],
    description: 'Result rows written by the batches of each sampling interval.',
  },
];

export function addSamplePanels(b: DashboardBuilder, ds: DataSourceRef): void {
  for (const s of SERIES) {
    b.withPanel(new TimeseriesBuilder().title(s.title).span(12).height(8).description(s.description)
      .withTarget(samples(ds, s.metrics)).unit(s.unit));
  }
  const stored = [
    { title: 'Rows stored (this tenant)', metric: 'rows_stored', unit: 'short', description: 'Result, run and perf rows stored for this tenant (sampled every few minutes).' },
    { title: 'Bytes on disk (this tenant, estimated)', metric: 'bytes_on_disk_est', unit: 'bytes', description: 'Table bytes on disk × this tenant’s share of the rows (tables are partitioned by month, not tenant).' },
  ];
  for (const s of stored) {
    b.withPanel(new StatBuilder().title(s.title).span(12).height(4).description(s.description)
      .withTarget(latest(ds, s.metric))
      .unit(s.unit).graphMode(BigValueGraphMode.None).reduceOptions(reduce('lastNotNull')));
  }
}
