/** The two queries the exports benchmark exports (shared by the parent and its child steps). */
/** An aggregation with one row per test: 10M groups with --full. */
export const QUERY = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['test'], shape: 'table' };
/** Raw rows (shape `rows`): no GROUP BY, newest first (the shape's default order). */
export const ROWS_QUERY = { version: 1, dataset: 'results', shape: 'rows', columns: ['started_at', 'test', 'status', 'duration_ms'] };
