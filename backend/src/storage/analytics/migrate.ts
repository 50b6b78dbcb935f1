/**
 * Versioned ClickHouse migrations: `migrations/NNNN_name.sql`, applied in
 * order, each recorded in `schema_migrations`. Statements are separated by a
 * semicolon at the end of a line. Migrations must be idempotent DDL
 * (IF NOT EXISTS) because ClickHouse DDL is not transactional: a crash between
 * a statement and its record simply re-runs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnalyticsDriver } from './driver.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

export async function migrateAnalytics(db: AnalyticsDriver, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = MergeTree ORDER BY version`,
  );
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
  );
  const applied: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
    const version = Number(file.slice(0, 4));
    if (done.has(version)) continue;
    for (const statement of splitStatements(readFileSync(`${dir}/${file}`, 'utf8'))) {
      await db.command(statement);
    }
    await db.command('INSERT INTO schema_migrations (version, name) VALUES ({v:UInt32}, {n:String})', {
      v: version,
      n: file,
    });
    applied.push(file);
  }
  return applied;
}
