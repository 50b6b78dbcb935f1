import pg from 'pg';
import type { MetadataDb, SqlExecutor } from './driver.ts';

/** A PostgreSQL server (DATABASE_URL), shared by several backend replicas. */
export class PostgresDb implements MetadataDb {
  readonly kind = 'postgres' as const;
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresDb> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // Fail at boot, not at the first request, when the server is unreachable.
    const client = await pool.connect();
    client.release();
    return new PostgresDb(pool);
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({ query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[] });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
