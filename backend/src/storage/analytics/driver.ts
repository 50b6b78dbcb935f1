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
  /** Streams a query result in a ClickHouse output format (CSV, Parquet, …). */
  stream(sql: string, params: QueryParams, format: string): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}
