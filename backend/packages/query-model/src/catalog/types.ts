import type { Dimension } from '../fields.ts';
import type { MetricFn, NumericField } from '../metric.ts';
import type { Shape } from '../query.ts';

/** Public description of a metric, shown by the query editor. Units are Grafana unit ids. */
export interface CatalogMetric {
  readonly fn: MetricFn;
  /** For field metrics: the numeric fields it may aggregate. */
  readonly fields?: readonly NumericField[];
  readonly unit: string;
  readonly description: string;
}

export interface CatalogDimension {
  readonly id: Dimension;
  readonly description: string;
}

/**
 * A column a `rows` query may select (shape `rows`: raw rows, no aggregation).
 * `id` is a dimension, or a row-only field such as `started_at` or `duration_ms`;
 * `time` columns are epoch milliseconds in results, like every time column.
 */
export interface CatalogRowColumn {
  readonly id: string;
  readonly type: 'time' | 'number' | 'string';
  readonly unit?: string;
  readonly description: string;
}

export interface CatalogDataset {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly metrics: readonly CatalogMetric[];
  readonly dimensions: readonly CatalogDimension[];
  /** Whether `label:<key>` fields are available (the rows carry a labels map). */
  readonly labels: boolean;
  /** What the query's time range filters on, when it is not the rows' event time. */
  readonly timeField?: string;
  /** Shapes it can answer; all when absent (a comparison has no time axis). */
  readonly shapes?: readonly Shape[];
  /** Whether the query's `compare` parameter (the two sides) applies, and what it means here. */
  readonly compare?: string;
  /**
   * Columns of the `rows` shape (besides `label:<key>` when `labels`); absent: the
   * dataset does not answer `rows` (aggregate-only or derived datasets).
   */
  readonly rowColumns?: readonly CatalogRowColumn[];
  /** Lowest Grafana org role allowed to query it (the audit log is Admin-only). */
  readonly minRole: 'Viewer' | 'Editor' | 'Admin';
}
