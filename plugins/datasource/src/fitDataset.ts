import { FIELD_FNS, type Metric, type MetricField, type MetricFn, type Shape } from './queryModel';
import type { DatasetSpec, SemantestQuery } from './types';

/**
 * The query moved to another dataset, keeping what that dataset accepts: the backend refuses a metric
 * function, a numeric field or a dimension the dataset's catalog entry does not list (run_diff has no
 * pass_rate and no environment), a `compare` on a dataset without one, and a shape it does not answer.
 * Without the new dataset's catalog entry (the catalog could not be read) only the dataset changes.
 * Label fields (`label:<key>`) are kept: the catalog lists them per dataset as a flag, not by name.
 */
export function fitToDataset(q: SemantestQuery, dataset: string, spec: DatasetSpec | undefined): SemantestQuery {
  const { compare: _dropped, ...rest } = q;
  const out: SemantestQuery = { ...(spec?.compare ? q : rest), dataset };
  if (!spec) {
    return out;
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

/** `count` when offered (every dataset counts rows), else the first function, with a field if it needs one. */
function firstMetric(spec: DatasetSpec): Metric {
  const fn = (spec.metricFns.includes('count') ? 'count' : spec.metricFns[0]) as MetricFn;
  return FIELD_FNS.has(fn) && spec.metricFields[0] ? { fn, field: spec.metricFields[0] as MetricField } : { fn };
}
