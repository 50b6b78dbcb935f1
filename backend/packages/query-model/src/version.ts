/** The query model version this package produces; migrateQuery() lifts older ones to it. */
export const QUERY_MODEL_VERSION = 1 as const;
