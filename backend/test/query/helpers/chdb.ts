import { Session } from 'chdb';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS = fileURLToPath(new URL('../../../src/storage/analytics/migrations/', import.meta.url));

/** Statements of a migration file: split on `;\n`, `--` comment lines dropped. */
export function statements(file: string): string[] {
  return readFileSync(join(MIGRATIONS, file), 'utf8')
    .split(';\n')
    .map((s) => s.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim().replace(/;$/, ''))
    .filter((s) => s.length > 0);
}

export interface TestEngine {
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  close(): void;
}

/** A fresh chDB session in a temp dir with every analytics migration applied. One per test file (process). */
export async function openEngine(): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-query-'));
  const session = new Session(dir);
  const query = async <T>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> => {
    const text = (await session.queryBindAsync(sql, params, { format: 'JSONEachRow' })).text();
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
  };
  for (const f of readdirSync(MIGRATIONS).filter((n) => /^\d{4}_.+\.sql$/.test(n)).sort()) {
    for (const st of statements(f)) await query(st);
  }
  return {
    query,
    close() {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
