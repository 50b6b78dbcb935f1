/**
 * A throwaway database on the PostgreSQL server of PG_TEST_URL (started by
 * .ci/test-all.sh), so replica tests share one real server without sharing
 * state. (The reports and integration PG tests repeat these lines; they could
 * move to test/helpers.)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.PG_TEST_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.PG_TEST_URL;
  if (!base) throw new Error('PG_TEST_URL is not set: run through .ci/test-all.sh, which starts PostgreSQL');
  // A generated identifier (hex only): safe to print into the statement.
  const name = `semantest_${randomUUID().replaceAll('-', '')}`;
  await admin(`CREATE DATABASE ${name}`);
  return { url: base.replace(/\/[^/]*$/, `/${name}`), drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}
