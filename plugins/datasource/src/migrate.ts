import { QUERY_MODEL_VERSION, defaultModel, type Dimension, type MetricFn, type QueryModel } from './queryModel';
import type { SemantestQuery } from './types';

/**
 * Saved dashboards keep queries forever, so every query is migrated to the current model version
 * when it is loaded (editor) and before it is sent (applyTemplateVariables). Each step is a pure
 * function from version N to N+1; add one per model version bump.
 *
 * v0 is the pre-release shape without `version`: `{ metric: 'pass_rate', groupBy: 'project', ... }`.
 */
type Legacy = SemantestQuery & { metric?: string; groupBy?: unknown; version?: number };

const steps: Record<number, (q: Legacy) => Legacy> = {
  0: (q) => {
    const base = defaultModel();
    const groupBy = Array.isArray(q.groupBy) ? q.groupBy : typeof q.groupBy === 'string' && q.groupBy ? [q.groupBy] : base.groupBy;
    const { metric, ...rest } = q;
    return {
      ...rest,
      version: 1,
      dataset: q.dataset ?? base.dataset,
      metrics: q.metrics ?? (metric ? [{ fn: metric as MetricFn }] : base.metrics),
      groupBy: groupBy as Dimension[],
      filters: q.filters ?? [],
      shape: q.shape ?? base.shape,
    };
  },
};

export function needsMigration(q: SemantestQuery): boolean {
  return (q.queryType ?? 'model') === 'model' && (q as Legacy).version !== QUERY_MODEL_VERSION;
}

export function migrateQuery(q: SemantestQuery): SemantestQuery {
  if (!needsMigration(q)) {
    return q;
  }
  let cur = q as Legacy;
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
  return cur as SemantestQuery & QueryModel;
}
