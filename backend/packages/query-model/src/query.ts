import { Type, type Static } from 'typebox';
import { FieldRef } from './fields.ts';
import { FilterSchema } from './filter.ts';
import { MetricSchema } from './metric.ts';
import { LIMITS } from './limits.ts';

/** Epoch milliseconds, or an ISO-8601 date/time string (checked with Date.parse). */
export const TimeValue = Type.Union([
  Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 }),
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?$', maxLength: 40 }),
]);

export const SHAPES = ['timeseries_long', 'timeseries_wide', 'table', 'single'] as const;
export type Shape = (typeof SHAPES)[number];

export const OrderBySchema = Type.Object(
  {
    /** `time`, a metric output name, or a group-by field reference. */
    by: FieldRef,
    dir: Type.Union([Type.Literal('asc'), Type.Literal('desc')]),
  },
  { additionalProperties: false },
);

/** Version 1 of the query model: what a panel, variable, report or alert asks for. */
export const QuerySchema = Type.Object(
  {
    version: Type.Literal(1),
    refId: Type.Optional(Type.String({ maxLength: 64 })),
    dataset: Type.String({ pattern: '^[a-z][a-z_]{0,39}$' }),
    metrics: Type.Array(MetricSchema, { minItems: 1, maxItems: LIMITS.maxMetrics }),
    groupBy: Type.Optional(Type.Array(FieldRef, { maxItems: LIMITS.maxGroupBy })),
    filters: Type.Optional(Type.Array(FilterSchema, { maxItems: LIMITS.maxFilters })),
    timeRange: Type.Optional(Type.Object({ from: TimeValue, to: TimeValue }, { additionalProperties: false })),
    /** Bucket width (Grafana `$__interval` in ms); time-series shapes need it. */
    intervalMs: Type.Optional(Type.Integer({ minimum: LIMITS.minIntervalMs, maximum: LIMITS.maxIntervalMs })),
    /** IANA time zone for bucketing; defaults to UTC. */
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
    orderBy: Type.Optional(Type.Array(OrderBySchema, { maxItems: LIMITS.maxOrderBy })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxRows })),
    shape: Type.Enum(SHAPES),
  },
  { additionalProperties: false },
);
export type Query = Static<typeof QuerySchema>;
export type OrderBy = Static<typeof OrderBySchema>;
export type TimeValueT = Static<typeof TimeValue>;

/** Normalises a validated time value to epoch milliseconds. */
export function toEpochMs(v: TimeValueT): number {
  return typeof v === 'number' ? v : Date.parse(v);
}
