import { FIELD_FNS, isRows, type Shape } from './queryModel';
import { allowsRows, defaultColumns, firstMetric, fitToShape, isRowColumn } from './fitShape';
import type { DatasetSpec, SemantestQuery } from './types';

/**
 * The query moved to another dataset, keeping what that dataset accepts: the backend refuses a metric
 * function, a numeric field or a dimension the dataset's catalog entry does not list (run_diff has no
 * pass_rate and no environment), a `compare` on a dataset without one, and a shape it does not answer.
 * Without the new dataset's catalog entry (the catalog could not be read) only the dataset changes.
 * Label fields (`label:<key>`) are kept: the catalog lists them per dataset as a flag, not by name.
 * A rows query keeps the columns the new dataset has (its defaults when none is left, the order only
 * on kept columns), or becomes the dataset's first shape with a count when it has no raw rows.
 */
export function fitToDataset(q: SemantestQuery, dataset: string, spec: DatasetSpec | undefined): SemantestQuery {
  const { compare: _dropped, ...rest } = q;
  const out: SemantestQuery = { ...(spec?.compare ? q : rest), dataset };
  if (!spec) {
    return out;
  }
  if (isRows(q.shape)) {
    return fitRows(out, spec);
  }
  if (spec.shapes && q.shape && !spec.shapes.includes(q.shape)) {
    out.shape = spec.shapes[0] as Shape;
  }
  if (spec.metricFns.length > 0 && q.metrics) {
    const fieldOk = (f: string | undefined) => f === undefined || spec.metricFields.length === 0 || spec.metricFields.includes(f);
    const kept = q.metrics.filter((m) => spec.metricFns.includes(m.fn) && (!FIELD_FNS.has(m.fn) || fieldOk(m.field)));
    if (kept.length !== q.metrics.length) {
      out.metrics = kept.length > 0 ? kept : [firstMetric(spec)];
    }
  }
  if (spec.dimensions.length > 0) {
    const known = (field: string) => field.startsWith('label:') || spec.dimensions.includes(field);
    if (q.groupBy?.some((d) => !known(d))) {
      out.groupBy = q.groupBy.filter(known);
    }
    if (q.filters?.some((f) => !known(f.field))) {
      out.filters = q.filters.filter((f) => known(f.field));
    }
  }
  return out;
}

function fitRows(q: SemantestQuery, spec: DatasetSpec): SemantestQuery {
  if (!allowsRows(spec)) {
    const shape = (spec.shapes?.find((s) => s !== 'rows') ?? 'table') as Shape;
    return fitToDataset(fitToShape(q, shape, spec), q.dataset!, spec);
  }
  const kept = (q.columns ?? []).filter((c) => isRowColumn(spec, c));
  const columns = kept.length > 0 ? withTimeColumn(kept, kept.length < (q.columns ?? []).length, spec) : defaultColumns(spec);
  const known = (field: string) => field.startsWith('label:') || spec.dimensions.length === 0 || spec.dimensions.includes(field);
  const out: SemantestQuery = { ...q, columns, filters: (q.filters ?? []).filter((f) => known(f.field)) };
  if (q.orderBy) {
    out.orderBy = q.orderBy.filter((o) => columns.includes(o.by));
  }
  return out;
}

/**
 * When a column was dropped and no kept column is a time column, the new dataset's time column
 * comes first: results' started_at moving to perf (timed by ts) leaves the rows placed in time.
 * The old dataset's spec is not at hand, so a dropped non-time column triggers it too (harmless:
 * one more column). A query that kept everything is left as its author made it.
 */
function withTimeColumn(kept: string[], dropped: boolean, spec: DatasetSpec): string[] {
  const time = spec.rowColumns?.find((c) => c.type === 'time')?.id;
  const hasTime = kept.some((id) => spec.rowColumns?.some((c) => c.id === id && c.type === 'time'));
  return dropped && time && !hasTime ? [time, ...kept] : kept;
}
