/**
 * Grafana sends each query wrapped in its DataQuery envelope (refId, datasource,
 * hide, key, queryType…) and the timing on the request (range, interval,
 * timezone). This lifts that into a model query: envelope keys are dropped, the
 * request's timing fills what the query leaves unset. The result still goes
 * through migrateQuery/validateQuery, so nothing here is trusted.
 */
const ENVELOPE_KEYS = ['datasource', 'hide', 'key', 'queryType', 'maxDataPoints', 'interval', 'datasourceId'];

export interface GrafanaTiming {
  readonly from?: number | string;
  readonly to?: number | string;
  readonly intervalMs?: number;
  readonly timezone?: string;
}

export function fromGrafanaQuery(dataQuery: unknown, timing: GrafanaTiming = {}): unknown {
  if (typeof dataQuery !== 'object' || dataQuery === null || Array.isArray(dataQuery)) return dataQuery;
  const q: Record<string, unknown> = { ...(dataQuery as Record<string, unknown>) };
  for (const k of ENVELOPE_KEYS) delete q[k];
  if (q.version === undefined) return q; // a v0 query: migrateQuery knows its own time fields
  if (q.timeRange === undefined && timing.from !== undefined && timing.to !== undefined) q.timeRange = { from: timing.from, to: timing.to };
  if (q.intervalMs === undefined && timing.intervalMs !== undefined) q.intervalMs = Math.max(1000, Math.round(timing.intervalMs));
  if (q.timezone === undefined && timing.timezone !== undefined && timing.timezone !== 'browser') q.timezone = timing.timezone;
  return q;
}
