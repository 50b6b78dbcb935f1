import type { OutputColumn } from '../model/columns.ts';
import type { Shape } from '@semantest/query-model';
import { cell, columnValues, rowGetter } from './cells.ts';
import type { DataFrameJSON, FrameField, FrameFormat } from './types.ts';

export interface FrameInput {
  readonly refId?: string;
  readonly columns: readonly OutputColumn[];
  readonly shape: Shape;
}

const fieldOf = (c: OutputColumn, labels?: Record<string, string>): FrameField => ({
  name: c.name,
  type: c.type,
  config: c.unit ? { unit: c.unit } : {},
  ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
});

const seriesKey = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels));

/**
 * Compiled query + result rows → Grafana data frames.
 *  - table / single / timeseries_long: one frame, one field per column (long = rows);
 *  - timeseries_wide: one frame, a time field + one number field per (series, metric), with labels;
 *  - numeric_multi (alerting): one frame per label set, each metric's latest value.
 */
export function toDataFrames(compiled: FrameInput, rows: readonly unknown[], format: FrameFormat = 'auto'): DataFrameJSON[] {
  const get = rowGetter(compiled.columns);
  const refId = compiled.refId;
  const schemaBase = refId !== undefined ? { refId } : {};
  const dims = compiled.columns.filter((c) => c.role === 'dimension');
  const metrics = compiled.columns.filter((c) => c.role === 'metric');
  const time = compiled.columns.find((c) => c.role === 'time');
  const labelsOf = (row: unknown) => Object.fromEntries(dims.map((d) => [d.name, String(cell(d, get(row, d)) ?? '')]));

  if (format === 'numeric_multi') {
    const latest = new Map<string, unknown>();
    for (const row of rows) latest.set(seriesKey(labelsOf(row)), row); // rows are time-ordered: last wins
    return [...latest.values()].map((row) => ({
      schema: { ...schemaBase, fields: metrics.map((m) => fieldOf(m, labelsOf(row))) },
      data: { values: metrics.map((m) => [cell(m, get(row, m))]) },
    }));
  }
  if (compiled.shape === 'timeseries_wide' && time) {
    const times = [...new Set(rows.map((r) => cell(time, get(r, time)) as number))].sort((a, b) => a - b);
    const at = new Map(times.map((t, i) => [t, i]));
    const series = new Map<string, { labels: Record<string, string>; values: Map<string, unknown[]> }>();
    for (const row of rows) {
      const labels = labelsOf(row);
      const key = seriesKey(labels);
      let s = series.get(key);
      if (!s) series.set(key, (s = { labels, values: new Map(metrics.map((m) => [m.sqlName, times.map(() => null)])) }));
      const i = at.get(cell(time, get(row, time)) as number) ?? 0;
      for (const m of metrics) (s.values.get(m.sqlName) as unknown[])[i] = cell(m, get(row, m));
    }
    const fields: FrameField[] = [fieldOf(time)];
    const values: unknown[][] = [times];
    for (const s of series.values()) {
      for (const m of metrics) { fields.push(fieldOf(m, s.labels)); values.push(s.values.get(m.sqlName) ?? []); }
    }
    return [{ schema: { ...schemaBase, fields }, data: { values } }];
  }
  return [{
    schema: { ...schemaBase, fields: compiled.columns.map((c) => fieldOf(c)) },
    data: { values: compiled.columns.map((c, i) => columnValues(c, i, rows)) },
  }];
}
