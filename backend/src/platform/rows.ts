/**
 * Metric names of the `platform` dataset and how one tenant's interval window
 * becomes rows. A metric with no events in the interval is omitted rather than
 * written as 0 (a latency of 0 ms would be a lie), except counts and the queue
 * depth, which are meaningful at 0.
 */
import { percentile, type TenantWindow } from './window.ts';

export const PLATFORM_METRICS = [
  'queue_depth_rows', 'rows_ingested', 'batches', 'batch_latency_p50_ms', 'batch_latency_p95_ms', 'batch_latency_max_ms',
  'queries', 'query_errors', 'query_latency_p95_ms', 'query_latency_max_ms', 'rows_stored', 'bytes_on_disk_est',
] as const;
export type PlatformMetric = (typeof PLATFORM_METRICS)[number];

export interface SampleRow {
  tenant_id: string;
  ts: number;
  metric: PlatformMetric;
  value: number;
}

/**
 * `queueDepth` is the shared write queue's depth in rows: the queue is one for
 * all tenants, so this is what a tenant's upload waits behind (it tells an
 * admin the platform's load level, never another tenant's data).
 */
export function toSampleRows(tenant: string, ts: number, w: TenantWindow | undefined, queueDepth: number): SampleRow[] {
  const row = (metric: PlatformMetric, value: number | undefined): SampleRow[] => (value === undefined ? [] : [{ tenant_id: tenant, ts, metric, value }]);
  return [
    ...row('queue_depth_rows', queueDepth),
    ...row('rows_ingested', w?.rowsIngested ?? 0),
    ...row('batches', w?.batchMs.length ?? 0),
    ...row('batch_latency_p50_ms', w && percentile(w.batchMs, 0.5)),
    ...row('batch_latency_p95_ms', w && percentile(w.batchMs, 0.95)),
    ...row('batch_latency_max_ms', w && percentile(w.batchMs, 1)),
    ...row('queries', w?.queries ?? 0),
    ...row('query_errors', w?.queryErrors ?? 0),
    ...row('query_latency_p95_ms', w && percentile(w.queryMs, 0.95)),
    ...row('query_latency_max_ms', w && percentile(w.queryMs, 1)),
  ];
}
