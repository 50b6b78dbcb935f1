import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { MetadataDb, SqlExecutor } from './driver.ts';

/** PostgreSQL compiled to wasm, on a data directory: the embedded default. */
export class PgliteDb implements MetadataDb {
  readonly kind = 'pglite' as const;
  private constructor(private readonly pg: PGlite) {}

  static async open(dir: string): Promise<PgliteDb> {
    mkdirSync(dir, { recursive: true });
    // shared_buffers defaults to 128 MB, all of it resident WASM memory; the metadata tables are
    // small (tenants, keys, policies, job rows), so 16 MB keeps ~115 MB off the idle process.
    // startParams, not the postgresqlconf option: that one rewrites the data dir's postgresql.conf.
    const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
    return new PgliteDb(await PGlite.create(dir, { startParams }));
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pg.query<Row>(sql, params)).rows;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      fn({ query: async <Row>(sql: string, params: unknown[] = []) => (await tx.query<Row>(sql, params)).rows }),
    );
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
