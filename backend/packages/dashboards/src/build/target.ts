/**
 * Panel targets in the datasource's saved-query shape (plugins/datasource/src/types.ts
 * `SemantestQuery`): a query-model v1 query plus the plugin's own keys (`queryType`,
 * `legendFormat`, `bucketIntervalMs`, `annotationKind`). The time range and, unless
 * `bucketIntervalMs` is set, the bucket width come from Grafana's request.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Filter, Metric, OrderBy, Shape } from '@semantest/query-model';
import { scopeFilters } from './scope.ts';

/** Every row whatever the dashboard range: epoch 0 up to 2100-01-01 (the model's range is half-open). */
export const ALL_TIME = { from: 0, to: 4_102_444_800_000 } as const;

export interface ModelSpec {
  readonly dataset: string;
  readonly metrics: readonly Metric[];
  readonly groupBy?: readonly string[];
  /** Extra filters; the scope filters of the dataset are always added first. */
  readonly filters?: readonly Filter[];
  readonly shape: Shape;
  readonly orderBy?: readonly OrderBy[];
  readonly limit?: number;
  /**
   * A fixed range instead of the dashboard's: for "current state" datasets whose time column is
   * when the state began (test_states.since, regressions.checked_at), see ALL_TIME.
   */
  readonly timeRange?: { from: number; to: number };
  /** Fixed bucket width (e.g. 60 000 for "per minute"); else Grafana's panel interval. */
  readonly bucketIntervalMs?: number;
  readonly legendFormat?: string;
}

export interface ModelTarget {
  refId: string;
  datasource: DataSourceRef;
  queryType: 'model';
  version: 1;
  dataset: string;
  metrics: Metric[];
  groupBy?: string[];
  filters: Filter[];
  shape: Shape;
  orderBy?: OrderBy[];
  limit?: number;
  timeRange?: { from: number; to: number };
  bucketIntervalMs?: number;
  legendFormat?: string;
}

export interface StreamTarget {
  refId: string;
  datasource: DataSourceRef;
  queryType: 'stream';
}

export interface AnnotationTarget {
  refId: string;
  datasource: DataSourceRef;
  queryType: 'annotations';
  annotationKind: 'failed_runs' | 'new_failures';
  filters: Filter[];
}

export type SemantestTarget = ModelTarget | StreamTarget | AnnotationTarget;

/** Adapts a plain target to the SDK's builder interface (the SDK has no builder for our plugin). */
class TargetBuilder implements Builder<Dataquery> {
  constructor(private readonly target: SemantestTarget) {}
  build(): Dataquery {
    return { ...structuredClone(this.target), _implementsDataqueryVariant() {} };
  }
}

export function modelTarget(ds: DataSourceRef, spec: ModelSpec, refId = 'A'): Builder<Dataquery> {
  const t: ModelTarget = {
    refId,
    datasource: ds,
    queryType: 'model',
    version: 1,
    dataset: spec.dataset,
    metrics: [...spec.metrics],
    ...(spec.groupBy ? { groupBy: [...spec.groupBy] } : {}),
    filters: [...scopeFilters(spec.dataset), ...(spec.filters ?? [])],
    shape: spec.shape,
    ...(spec.orderBy ? { orderBy: [...spec.orderBy] } : {}),
    ...(spec.limit !== undefined ? { limit: spec.limit } : {}),
    ...(spec.timeRange ? { timeRange: { ...spec.timeRange } } : {}),
    ...(spec.bucketIntervalMs !== undefined ? { bucketIntervalMs: spec.bucketIntervalMs } : {}),
    ...(spec.legendFormat !== undefined ? { legendFormat: spec.legendFormat } : {}),
  };
  return new TargetBuilder(t);
}

/** Live batch counts (Grafana Live via the plugin's Go backend): updates within a second. */
export function streamTarget(ds: DataSourceRef, refId = 'A'): Builder<Dataquery> {
  return new TargetBuilder({ refId, datasource: ds, queryType: 'stream' });
}

/** failed_runs → runs dataset, new_failures → results dataset (backend/src/query/annotations.ts). */
export function annotationTarget(ds: DataSourceRef, kind: AnnotationTarget['annotationKind'], refId = 'A'): Builder<Dataquery> {
  const dataset = kind === 'failed_runs' ? 'runs' : 'results';
  return new TargetBuilder({ refId, datasource: ds, queryType: 'annotations', annotationKind: kind, filters: scopeFilters(dataset) });
}
