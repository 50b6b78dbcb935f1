import { Type, type Static } from 'typebox';

/**
 * Version 0: the unversioned draft the first plugin prototype sent (one metric,
 * `dimensions`, Grafana-style `interval` strings). Kept only so migrateQuery()
 * can lift stored dashboards; never produced any more.
 */
export const QueryV0Schema = Type.Object({
  dataset: Type.String(),
  metric: Type.String(),
  field: Type.Optional(Type.String()),
  dimensions: Type.Optional(Type.Array(Type.String())),
  filters: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), operator: Type.String(), value: Type.Optional(Type.Unknown()) })),
  ),
  from: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  to: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  interval: Type.Optional(Type.String({ pattern: '^\\d+(ms|s|m|h|d)$' })),
  format: Type.Optional(Type.Union([Type.Literal('time_series'), Type.Literal('table')])),
  limit: Type.Optional(Type.Number()),
});
export type QueryV0 = Static<typeof QueryV0Schema>;
