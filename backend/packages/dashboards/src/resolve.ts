/**
 * What happens to a saved target between Grafana and the backend, for tests and harness pages
 * that have no Grafana: variable interpolation as the datasource's applyTemplateVariables does it
 * for whole-value `$var` filters (plugins/datasource/src/interpolate.ts), and the Go backend's
 * envelope stripping (plugins/datasource/pkg/plugin/handler_querydata.go `grafanaOnlyKeys`).
 */
import type { Filter } from '@semantest/query-model';
import type { SemantestTarget } from './build/target.ts';

/** Keys the Go backend removes before POST /api/v1/query (same list as grafanaOnlyKeys). */
const GRAFANA_ONLY_KEYS = ['refId', 'datasource', 'datasourceId', 'hide', 'key', 'queryType', 'intervalMs', 'maxDataPoints', 'legendFormat', 'annotationKind'];

export interface RequestTiming {
  readonly from: number;
  readonly to: number;
  /** Grafana's panel interval, used when the target has no bucketIntervalMs. */
  readonly intervalMs: number;
}

const VAR = /^\$(?:\{(\w+)\}|(\w+))$/;

/**
 * Replaces list entries that are exactly `$name` / `${name}` by the variable's values — the only
 * form the dashboards use. Any other `$` in a filter value throws rather than diverge silently
 * from the datasource (which also handles scalars and text around variables).
 */
export function interpolateTarget<T extends SemantestTarget>(target: T, values: Readonly<Record<string, readonly string[]>>): T {
  if (target.queryType === 'stream') return target;
  const expand = (v: unknown): unknown[] => {
    if (typeof v !== 'string' || !v.includes('$')) return [v];
    const m = VAR.exec(v);
    if (!m) throw new Error(`unsupported variable use in filter value ${v}`);
    const name = (m[1] ?? m[2])!;
    const vals = values[name];
    if (!vals) throw new Error(`no values for variable $${name}`);
    return [...vals];
  };
  const filters = target.filters.map((f): Filter => {
    if (!Array.isArray(f.value)) {
      if (typeof f.value === 'string' && f.value.includes('$')) throw new Error(`unsupported variable use in filter value ${f.value}`);
      return f;
    }
    return { ...f, value: f.value.flatMap(expand) as Filter['value'] };
  });
  return { ...target, filters };
}

/** The model the Go backend forwards for a `model` target, and the body it posts. */
export function toBackendQuery(target: SemantestTarget & { queryType: 'model' }, timing: RequestTiming) {
  const model: Record<string, unknown> = { ...target };
  const bucket = model.bucketIntervalMs;
  for (const k of GRAFANA_ONLY_KEYS) delete model[k];
  delete model.bucketIntervalMs;
  if (bucket !== undefined) model.intervalMs = bucket;
  model.refId = target.refId;
  return { queries: [model], range: { from: timing.from, to: timing.to }, intervalMs: timing.intervalMs };
}
