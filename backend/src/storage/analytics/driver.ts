/**
 * The small interface every analytics store implements: chDB embedded (now),
 * a ClickHouse server through @clickhouse/client (later). SQL is ClickHouse SQL
 * for both; values travel only as bound `{name:Type}` parameters.
 */
export type QueryParams = Record<string, unknown>;

export interface InsertOptions {
  /** ClickHouse insert_deduplication_token: a retried identical block is dropped. */
  dedupToken?: string;
}

export interface AnalyticsDriver {
  readonly kind: 'chdb' | 'clickhouse';
  /** Runs a query and returns its rows (JSONEachRow decoded). */
  query<Row = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<Row[]>;
  /** Runs a statement that returns nothing useful (DDL, DELETE, OPTIMIZE). */
  command(sql: string, params?: QueryParams): Promise<void>;
  /** Inserts newline-delimited JSON rows (JSONEachRow) into a table. */
  insertJsonEachRow(table: string, ndjson: Buffer, opts?: InsertOptions): Promise<{ rowsWritten: number }>;
  // No result streaming here on purpose: chDB's streaming API formats every block
  // as a separate output and fails when another query runs on the session, so
  // large outputs are written by the engine (INSERT INTO FUNCTION file …), see exports/.
  close(): Promise<void>;
}
