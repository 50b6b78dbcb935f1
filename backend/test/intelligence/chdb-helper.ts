/**
 * A throwaway chDB session with the core analytics tables, for the
 * intelligence integration tests. Statements of the migration are run one
 * by one (chDB takes one statement per query).
 */
import { Session } from 'chdb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoundSql } from '../../src/intelligence/sql.ts';

const migration = fileURLToPath(new URL('../../src/storage/analytics/migrations/0001_core_tables.sql', import.meta.url));

export interface TempChdb {
  session: Session;
  query<T>(q: BoundSql): Promise<T[]>;
  close(): void;
}

export function openTempChdb(): TempChdb {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-intel-'));
  const session = new Session(dir);
  const text = readFileSync(migration, 'utf8').replace(/^--.*$/gm, '');
  for (const statement of text.split(';').map((s) => s.trim()).filter(Boolean)) session.query(statement);
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
