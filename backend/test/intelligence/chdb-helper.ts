/**
 * A throwaway chDB session with every analytics migration applied, for the
 * intelligence integration tests. Statements are split like the real
 * migration runner does (chDB takes one statement per query).
 */
import { Session } from 'chdb';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoundSql } from '../../src/intelligence/sql.ts';
import { splitStatements } from '../../src/storage/analytics/migrate.ts';

const MIGRATIONS = fileURLToPath(new URL('../../src/storage/analytics/migrations/', import.meta.url));

export interface TempChdb {
  session: Session;
  query<T>(q: BoundSql): Promise<T[]>;
  close(): void;
}

export function openTempChdb(): TempChdb {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-intel-'));
  const session = new Session(dir);
  for (const file of readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
    for (const statement of splitStatements(readFileSync(join(MIGRATIONS, file), 'utf8'))) session.query(statement);
  }
  return {
    session,
    async query<T>(q: BoundSql): Promise<T[]> {
      const res = await session.queryBindAsync(q.sql, q.params, { format: 'JSONEachRow' });
      return res.text().split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);
    },
    close() {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
