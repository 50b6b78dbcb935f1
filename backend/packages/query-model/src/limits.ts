/**
 * Hard caps on query size. They bound the SQL the compiler can emit and the work
 * one panel can ask of the engine; the compiler re-checks them (defence in depth).
 */
export const LIMITS = Object.freeze({
  maxRows: 10_000,
  defaultRows: 1_000,
  maxMetrics: 10,
  maxGroupBy: 6,
  maxFilters: 50,
  maxInValues: 1_000,
  maxValueLength: 1_000,
  maxOrderBy: 5,
  /** Columns of one `rows` query. */
  maxColumns: 40,
  minIntervalMs: 1_000,
  maxIntervalMs: 366 * 24 * 3_600_000,
  maxValuesSearch: 200,
});
