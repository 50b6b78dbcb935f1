import { rangeUtil } from '@grafana/data';

import {
  QUERY_MODEL_VERSION,
  defaultModel,
  type Dimension,
  type Filter,
  type FilterOp,
  type MetricField,
  type MetricFn,
  type QueryModel,
} from './queryModel';
import type { SemantestQuery } from './types';

/**
 * Saved dashboards keep queries forever, so every query is migrated to the current model version
 * when it is loaded (editor) and before it is sent (applyTemplateVariables). Each step is a pure
 * function from version N to N+1; add one per model version bump. The backend migrates again
 * (@semantest/query-model migrateQuery), so a query saved by any version is read the same way.
 *
 * v0 is the unversioned prototype shape (QueryV0Schema in @semantest/query-model):
 * `{ dataset, metric, field?, dimensions?, filters?: [{key, operator, value}], interval?, format?, limit? }`.
 */
type Legacy = Omit<SemantestQuery, 'filters'> & {
  version?: number;
  metric?: string;
  field?: string;
  dimensions?: string[];
  filters?: Array<{ key?: string; operator?: string; field?: string; op?: string; value?: unknown }>;
  interval?: string;
  format?: 'time_series' | 'table';
};

const steps: Record<number, (q: Legacy) => Legacy> = {
  0: (q) => {
    const base = defaultModel();
    const { metric, field, dimensions, interval, format, ...rest } = q;
    const out: Legacy = {
      ...rest,
      version: 1,
      dataset: q.dataset ?? base.dataset,
      metrics: metric ? [{ fn: metric as MetricFn, ...(field ? { field: field as MetricField } : {}) }] : base.metrics,
      groupBy: (dimensions ?? []) as Dimension[],
      filters: (q.filters ?? []).map((f) => ({ field: f.key ?? f.field ?? '', op: (f.operator ?? f.op ?? '=') as FilterOp, value: f.value as Filter['value'] })),
      shape: format === 'table' ? 'table' : 'timeseries_long',
    };
    if (interval) {
      out.bucketIntervalMs = rangeUtil.intervalToMs(interval);
    }
    return out;
  },
};

export function needsMigration(q: SemantestQuery): boolean {
  return (q.queryType ?? 'model') === 'model' && (q as { version?: number }).version !== QUERY_MODEL_VERSION;
}

export function migrateQuery(q: SemantestQuery): SemantestQuery {
  if (!needsMigration(q)) {
    return q;
  }
  let cur = q as unknown as Legacy;
  let v = typeof cur.version === 'number' ? cur.version : 0;
  if (v > QUERY_MODEL_VERSION) {
    return q; // saved by a newer plugin: send as is, the backend says what it cannot read
  }
  while (v < QUERY_MODEL_VERSION) {
    const step = steps[v];
    if (!step) {
      throw new Error(`no migration from query model version ${v}`);
    }
    cur = step(cur);
    v = cur.version ?? v + 1;
  }
  return cur as unknown as SemantestQuery & QueryModel;
}
