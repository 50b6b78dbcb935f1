/**
 * Two export schedulers on one PostgreSQL server (PG_TEST_URL), each with
 * its own connection pool and its own ExportService, tick concurrently with
 * a fixed clock over several schedules and rounds: every (schedule, tick)
 * gets exactly one export job, and every job runs to success. No timers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { PostgresDb } from '../../src/storage/metadata/postgres-db.ts';
import { openExports } from '../../src/exports/open-exports.ts';
import type { ExportService } from '../../src/exports/export-service.ts';
import { countByTest } from './helpers.ts';
import { scratchDatabase } from './scratch-pg.ts';

let t: TestApp;
let secondDb: PostgresDb;
let a: ExportService;
let b: ExportService;
let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
let admin: Record<string, string>;

before(async () => {
  scratch = await scratchDatabase();
  const { url } = scratch;
  t = await startTestApp({}, { DATABASE_URL: url });
  admin = bearer((await t.tenant('acme', 2)).keys.admin);
  secondDb = await PostgresDb.open(url);
  a = t.services.exports;
  const { analytics, security, tenants, config } = t.services;
  b = openExports({ dataDir: t.dataDir, metadata: secondDb, analytics, security, tenants, config: config.exports });
});

after(async () => {
  await b?.close();
  await secondDb?.close();
  await t?.close();
  await scratch?.drop();
});

test('two replicas ticking at the same instants never create two jobs for one tick', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/export-schedules',
      headers: admin,
      payload: { name: `every 5 min ${i}`, cron: '*/5 * * * *', timezone: 'Asia/Kolkata', query: countByTest(), format: 'ndjson' },
    });
    assert.equal(r.statusCode, 201, r.body);
    ids.push(r.json().id);
  }
  const start = Math.ceil(Date.now() / 300_000) * 300_000;
  let created = 0;
  for (let round = 0; round < 5; round++) {
    // Each round: both replicas, twice each, all at once, on the same instant.
    const now = new Date(start + round * 300_000 + 60_000);
    const results = await Promise.all([a, b, a, b].map((s) => s.scheduler.tick(now)));
    const jobs = results.flat();
    assert.equal(jobs.length, ids.length, `round ${round}: one job per schedule`);
    created += jobs.length;
  }
  const rows = await t.services.metadata.query<{ schedule_id: string; tick_at: Date; n: string }>(
    'SELECT schedule_id, tick_at, count(*) AS n FROM export_jobs WHERE schedule_id IS NOT NULL GROUP BY 1, 2'
  );
  assert.equal(rows.length, created);
  assert.ok(rows.every((r) => Number(r.n) === 1));
  assert.equal(created, ids.length * 5);

  await Promise.all([a.idle(), b.idle()]);
  const statuses = await t.services.metadata.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM export_jobs GROUP BY status'
  );
  assert.deepEqual(statuses.map((s) => [s.status, Number(s.n)]), [['succeeded', created]]);
});
