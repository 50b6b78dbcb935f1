import { FIELD_FNS, isRows, type Metric, type MetricField, type MetricFn, type Shape } from './queryModel';
import type { DatasetSpec, SemantestQuery } from './types';

/** How many catalog columns a new rows query starts with when none of the preferred ones exist. */
const DEFAULT_COLUMN_COUNT = 4;
/** What a reader of raw rows looks at first: which test, how it ended, how long it took. */
const PREFERRED_COLUMNS = ['test', 'status', 'duration_ms', 'project', 'value', 'metric'];

/** Whether the dataset answers raw rows: its catalog lists the shape and the columns. */
export function allowsRows(spec: DatasetSpec | undefined): boolean {
  return !!spec?.rowColumns && (spec.shapes === undefined || spec.shapes.includes('rows'));
}

/** Whether `id` is a rows column of the dataset (a catalog column, or a label when the rows carry labels). */
export function isRowColumn(spec: DatasetSpec, id: string): boolean {
  return id.startsWith('label:') ? !!spec.labels : !!spec.rowColumns?.some((c) => c.id === id);
}

/** The dataset's first time column, then test/status/duration (or the first few catalog columns). */
export function defaultColumns(spec: DatasetSpec): string[] {
  const cols = spec.rowColumns ?? [];
  const time = cols.find((c) => c.type === 'time')?.id;
  const preferred = PREFERRED_COLUMNS.filter((id) => cols.some((c) => c.id === id)).slice(0, 3);
  const picked = preferred.length >= 2 ? preferred : cols.filter((c) => c.type !== 'time').slice(0, DEFAULT_COLUMN_COUNT - 1).map((c) => c.id);
  return time ? [time, ...picked.filter((id) => id !== time)] : picked;
}

/** `count` when offered (every dataset counts rows), else the first function, with a field if it needs one. */
export function firstMetric(spec: DatasetSpec | undefined): Metric {
  if (!spec || spec.metricFns.length === 0) {
    return { fn: 'count' };
  }
  const fn = (spec.metricFns.includes('count') ? 'count' : spec.metricFns[0]) as MetricFn;
  return FIELD_FNS.has(fn) && spec.metricFields[0] ? { fn, field: spec.metricFields[0] as MetricField } : { fn };
}

/**
 * The query moved to another shape. Into `rows`: metrics and grouping go (the backend refuses
 * both), default columns come in, an order on a metric alias goes. Out of `rows`: columns go,
 * a metric (count) comes back, and an order on a column goes (it named no metric or dimension).
 */
export function fitToShape(q: SemantestQuery, shape: Shape, spec: DatasetSpec | undefined): SemantestQuery {
  const { columns: _c, orderBy: _o, groupBy: _g, ...rest } = q;
  if (isRows(shape) === isRows(q.shape)) {
    return { ...q, shape };
  }
  if (isRows(shape)) {
    const columns = q.columns?.length ? q.columns : spec ? defaultColumns(spec) : [];
    return { ...rest, shape, metrics: [], columns };
  }
  return { ...rest, shape, metrics: q.metrics?.length ? q.metrics : [firstMetric(spec)], groupBy: [] };
}
