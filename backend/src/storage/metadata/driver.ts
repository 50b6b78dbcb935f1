/**
 * Metadata store (tenants, keys, policies, report definitions, jobs):
 * PostgreSQL SQL, with PGlite embedded or a PostgreSQL server behind the same
 * interface. Placeholders are `$1, $2 …` for both.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface MetadataDb extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
