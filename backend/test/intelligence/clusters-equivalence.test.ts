/**
 * The precomputed clusters read (failed_results for short windows; whole days
 * from failure_clusters_daily plus edge days from failed_results for long
 * ones) answers exactly what the raw read on test_results answers —
 * every column, every row, in order — over random windows on real chDB,
 * with data written before the view existed (the migration's backfill) and
 * after it (the materialized view), retries, passing rows, other tenants.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from 'chdb';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clustersRawSql, clustersSql, wholeDays } from '../../src/intelligence/signature/clusters-sql.ts';
import { splitStatements } from '../../src/storage/analytics/migrate.ts';
import type { BoundSql } from '../../src/intelligence/sql.ts';
import { assertTenantGuarded } from './sql-guard.ts';

const MIGRATIONS = fileURLToPath(new URL('../../src/storage/analytics/migrations/', import.meta.url));
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);

function migrate(session: Session, which: (version: number) => boolean): void {
  for (const file of readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
    if (!which(Number(file.slice(0, 4)))) continue;
    for (const st of splitStatements(readFileSync(join(MIGRATIONS, file), 'utf8'))) session.query(st);
  }
}

/** Failing and passing attempts over 10 days in the engine; `seed` varies the batch. */
function insertBatch(session: Session, tenant: string, seed: number, n: number): void {
  session.query(`INSERT INTO test_results (tenant_id, run_id, project, test_id, name, status, attempt, is_final, started_at, error_type, error_message, error_signature, branch, retention_days)
    SETTINGS async_insert = 0
    SELECT '${tenant}', concat('r', toString(intDiv(number, 7) + ${seed} * 100000)), if(number % 11 = 0, 'api', 'web'),
      concat('t', toString(cityHash64(number, ${seed}) % 40)), concat('test ', toString(cityHash64(number, ${seed}) % 40)),
      multiIf(cityHash64(number, ${seed}, 1) % 3 = 0, 'passed', cityHash64(number, ${seed}, 1) % 3 = 1, 'failed', 'error'),
      1 + number % 2, number % 5 != 0,
      fromUnixTimestamp64Milli(toInt64(${T0} + cityHash64(number, ${seed}, 2) % ${10 * DAY})),
      concat('E', toString(cityHash64(number, ${seed}, 3) % 3)), concat('message ', toString(number)),
      if(number % 13 = 0, '', concat('sig', toString(cityHash64(number, ${seed}, 4) % 6))),
      ['main', 'dev', 'feature/x'][1 + cityHash64(number, ${seed}, 5) % 3], 3650
    FROM numbers(${n})`);
}

test('clusters: precomputed days + raw edges equal the raw query, column for column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-clusters-eq-'));
  const session = new Session(dir);
  const run = async <T>(q: BoundSql): Promise<T[]> =>
    (await session.queryBindAsync(q.sql, q.params, { format: 'JSONEachRow' })).text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
  try {
    migrate(session, (v) => v < 3);
    insertBatch(session, 'acme', 1, 4000); // before the view: reaches the aggregate through the backfill
    insertBatch(session, 'evil', 2, 3000);
    migrate(session, (v) => v >= 3);
    for (const seed of [3, 4, 5]) insertBatch(session, 'acme', seed, 2500); // after: through the view
    insertBatch(session, 'evil', 6, 2000);
    const aggregated = await run<{ n: string }>({ sql: 'SELECT count() AS n FROM failure_clusters_daily', params: {} });
    assert.ok(Number(aggregated[0]!.n) > 0, 'the aggregate is filled');

    const windows: Array<[number, number]> = [
      [T0, T0 + 10 * DAY], // whole days only
      [T0 + 3_600_123, T0 + 7 * DAY + 5_000_000], // partial edges
      [T0 + 2 * DAY + 1, T0 + 2 * DAY + 40_000_000], // inside one day: raw only
      [T0 - 5 * DAY, T0 + 20 * DAY], // wider than the data
      [T0 + 4 * DAY, T0 + 4 * DAY], // empty
    ];
    let rng = 7;
    for (let i = 0; i < 10; i++) {
      rng = (rng * 48271) % 2147483647;
      const from = T0 - DAY + (rng % (12 * DAY));
      rng = (rng * 48271) % 2147483647;
      windows.push([from, from + (rng % (8 * DAY))]);
    }
    for (let i = 0; i < 4; i++) windows.push([T0 - 3 * DAY + i * 5_000_123, T0 + 12 * DAY + i * 7_000_321]); // ≥ 14 whole days: hybrid
    let compared = 0;
    const paths = new Set<string>();
    for (const [from, to] of windows) {
      for (const branch of [undefined, 'main']) {
        for (const project of ['web', 'api']) {
          const q = { tenant: 'acme', project, from, to, limit: 1000, ...(branch ? { branch } : {}) };
          const fast = clustersSql(q);
          paths.add(fast.sql.includes('failure_clusters_daily') ? 'hybrid' : 'failures');
          assertTenantGuarded(fast, 'acme');
          const [got, want] = [await run(fast), await run(clustersRawSql(q))];
          assert.deepEqual(got, want, `window ${new Date(from).toISOString()} – ${new Date(to).toISOString()} ${branch ?? ''} ${project}`);
          compared += want.length;
        }
      }
    }
    assert.ok(compared > 100, `compared ${compared} cluster rows`);
    assert.deepEqual([...paths].sort(), ['failures', 'hybrid'], 'both read paths compared');
    // another tenant's failures never appear
    const evil = await run<{ sample_message: string }>(clustersRawSql({ tenant: 'evil', project: 'web', from: T0, to: T0 + 10 * DAY }));
    const acme = await run<{ sample_message: string; failures: string }>(clustersSql({ tenant: 'acme', project: 'web', from: T0, to: T0 + 10 * DAY }));
    assert.ok(evil.length > 0 && acme.length > 0);
    const total = acme.reduce((n, r) => n + Number(r.failures), 0);
    const direct = await run<{ n: string }>({ sql: `SELECT count() AS n FROM test_results WHERE tenant_id = 'acme' AND project = 'web' AND is_final = 1 AND status IN ('failed','error') AND error_signature != ''`, params: {} });
    assert.equal(total, Number(direct[0]!.n));
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wholeDays: the day span inside a range, or none', () => {
  assert.deepEqual(wholeDays(T0, T0 + 2 * DAY), { dayFrom: T0, dayTo: T0 + 2 * DAY });
  assert.deepEqual(wholeDays(T0 + 1, T0 + 2 * DAY - 1), { dayFrom: T0 + 2 * DAY - 1, dayTo: T0 + 2 * DAY - 1 });
  assert.deepEqual(wholeDays(T0 + 1, T0 + 3 * DAY - 1), { dayFrom: T0 + DAY, dayTo: T0 + 2 * DAY });
});
