import { Type, type Static } from 'typebox';
import { FieldRef } from './fields.ts';
import { FilterSchema } from './filter.ts';
import { MetricSchema } from './metric.ts';
import { LIMITS } from './limits.ts';
import { TimeValue } from './time-value.ts';
import { CompareSchema } from './compare.ts';

export { TimeValue, toEpochMs, type TimeValueT } from './time-value.ts';

/** `rows`: raw rows (selected `columns`, no metrics, no grouping); the others aggregate. */
export const SHAPES = ['timeseries_long', 'timeseries_wide', 'table', 'single', 'rows'] as const;
export type Shape = (typeof SHAPES)[number];

export const OrderBySchema = Type.Object(
  {
    /** `time`, a metric output name, a group-by field reference, or (rows) a selected column. */
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
    /**
     * At least one for the aggregating shapes, none for `rows` (validateQuery checks both;
     * migrateQuery fills `[]` when a rows query leaves it out).
     */
    metrics: Type.Array(MetricSchema, { maxItems: LIMITS.maxMetrics }),
    /** Shape `rows` only: the catalog's row columns of the dataset, or `label:<key>`. */
    columns: Type.Optional(Type.Array(FieldRef, { maxItems: LIMITS.maxColumns })),
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
    /** The two sides of a comparison dataset (run_diff); refused on other datasets. */
    compare: Type.Optional(CompareSchema),
  },
  { additionalProperties: false },
);
export type Query = Static<typeof QuerySchema>;
export type OrderBy = Static<typeof OrderBySchema>;
