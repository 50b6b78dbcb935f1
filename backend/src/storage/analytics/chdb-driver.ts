/**
 * The embedded ClickHouse engine (chDB) on a data directory. Exactly one
 * process may own a data directory (the engine takes a lock), so the CLI and
 * the server must not run against the same DATA_DIR at the same time.
 */
import { mkdirSync } from 'node:fs';
import { Session, drainPending } from 'chdb';
import type { AnalyticsDriver, InsertOptions, QueryParams } from './driver.ts';

/** Identifier check for table names handed to insert (they are never user input). */
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

export class ChdbDriver implements AnalyticsDriver {
  readonly kind = 'chdb' as const;
  readonly #session: Session;
  readonly #dir: string;
  readonly #lanes: ChdbDriver[] = [];
  #closed = false;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.#dir = dir;
    this.#session = new Session(dir);
  }

  /**
   * Another connection to the same engine and data, closed with this driver.
   * chDB runs one statement at a time per connection (a query or insert waits
   * for the insert in progress), so statements that must not queue behind a
   * long insert go on a lane: the ingest writer commits a batch's markers and
   * looks runs up there while the next batch's rows go in here.
   */
  lane(): ChdbDriver {
    if (this.#closed) throw new Error('the analytics driver is closed');
    const lane = new ChdbDriver(this.#dir);
    this.#lanes.push(lane);
    return lane;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: QueryParams = {}): Promise<Row[]> {
    const result = await this.#session.queryBindAsync(sql, params, { format: 'JSONEachRow' });
    const text = result.text();
    if (text.length === 0) return [];
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Row);
  }

  async command(sql: string, params: QueryParams = {}): Promise<void> {
    await this.#session.queryBindAsync(sql, params, { format: 'Null' });
  }

  async insertJsonEachRow(table: string, ndjson: Buffer, opts: InsertOptions = {}): Promise<{ rowsWritten: number }> {
    if (!TABLE_NAME.test(table)) throw new Error(`refusing to insert into table name ${JSON.stringify(table)}`);
    if (ndjson.length === 0) return { rowsWritten: 0 };
    const summary = await this.#session.insert({
      table,
      values: ndjson,
      format: 'JSONEachRow',
      settings: {
        // We batch ourselves: chDB 26.x turns async_insert on by default, which halves throughput here.
        async_insert: 0,
        date_time_input_format: 'best_effort',
        ...(opts.dedupToken ? { insert_deduplication_token: opts.dedupToken } : {}),
      },
    });
    return { rowsWritten: summary.rowsWritten };
  }


  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await drainPending();
    for (const lane of this.#lanes) await lane.close();
    this.#session.close();
  }
}
