/**
 * The report document every renderer consumes. Query results arrive here
 * already compiled and policy-filtered; renderers only turn them into files.
 * `rows` may be an async iterable so a section of 100k+ rows is never held in
 * memory by the table writers (charts materialize a capped prefix instead).
 */
export type Visualization =
  'table' | 'stat' | 'line' | 'area' | 'bar' | 'stacked_bar' | 'pie' | 'gauge' | 'heatmap' | 'treemap' | 'sankey';

export const VISUALIZATIONS: readonly Visualization[] = [
  'table',
  'stat',
  'line',
  'area',
  'bar',
  'stacked_bar',
  'pie',
  'gauge',
  'heatmap',
  'treemap',
  'sankey',
];

export type ColumnType = 'time' | 'number' | 'string' | 'boolean';

/** Grafana-style unit ids (the subset our queries produce). */
export type Unit = 'none' | 'short' | 'percent' | 'percentunit' | 'bytes' | 'ns' | 'µs' | 'ms' | 's' | 'm' | 'h' | 'd';

export type ColumnRole = 'time' | 'dimension' | 'metric';

export interface Column {
  name: string;
  type: ColumnType;
  unit?: Unit;
  role?: ColumnRole;
}

export interface Threshold {
  value: number;
  color: string;
}

export type Rows = AsyncIterable<unknown[]> | Iterable<unknown[]>;

export interface Section {
  title: string;
  visualization: Visualization;
  thresholds?: Threshold[];
  columns: Column[];
  rows: Rows;
}

export interface Filter {
  field: string;
  op: string;
  value: unknown;
}

export interface HeadlineItem {
  label: string;
  value: number | string;
  unit?: Unit;
  /** Relative change vs the previous run, as a fraction (0.1 = +10 %). */
  change?: number;
}

export interface ReportDocument {
  title: string;
  description?: string;
  tenant: { slug: string; name: string };
  timeRange: { from: Date; to: Date; timezone: string };
  filters: Filter[];
  generatedAt: Date;
  sections: Section[];
  summary?: { headline: HeadlineItem[]; notes: string[] };
}

export type Format = 'pdf' | 'xlsx' | 'csv' | 'json' | 'ndjson';

export interface RenderResult {
  bytes: number;
  rows: number;
  pages?: number;
}
