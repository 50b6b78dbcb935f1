/**
 * Two scheduler replicas on one PostgreSQL server (PG_TEST_URL): each has
 * its own connection pool, they tick concurrently with a fixed clock, and
 * every (report, tick) runs exactly once. Also: a missed tick after downtime
 * runs once, pause/resume, retries with exponential backoff, and a crashed
 * replica's expired lease being retried once. No timers: tick(now) is called
 * directly.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { PostgresDb } from '../../src/storage/metadata/postgres-db.ts';
import { createReports, type Reports } from '../../src/reports/scheduler/open-reports.ts';
import { api, definition, grafanaUser } from './helpers.ts';

const base = process.env.PG_TEST_URL;
let t: TestApp;
let second: PostgresDb;
let a: Reports;
let b: Reports;
let dbName: string;
let editor: Record<string, string>;

before(async () => {
  if (!base) throw new Error('PG_TEST_URL is not set: run through .ci/test-all.sh, which starts PostgreSQL');
  dbName = `semantest_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = base.replace(/\/[^/]*$/, `/${dbName}`);
  t = await startTestApp({}, { DATABASE_URL: url });
  const tenant = await t.tenant('acme', 2);
  editor = grafanaUser(tenant.keys.grafana, 2, 'ed', 'Editor');
  second = await PostgresDb.open(url);
  const opts = { scheduler: { backoffMs: 60_000, maxAttempts: 3, leaseMs: 600_000 } };
  a = createReports(t.services, opts);
  b = createReports({ ...t.services, metadata: second }, opts);
});

after(async () => {
  await second?.close();
  await t?.close();
  if (!base) return;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await c.end();
});

/** Both replicas tick at the same instant; returns every run either started. */
async function bothTick(now: string) {
  const [ra, rb] = await Promise.all([a.scheduler.tick(new Date(now)), b.scheduler.tick(new Date(now))]);
  return [...ra, ...rb];
}

async function runsOf(id: string) {
  return t.services.metadata.query<{ status: string; tick_at: Date; attempt: number }>(
    'SELECT status, tick_at, attempt FROM report_runs WHERE report_id = $1 ORDER BY created_at',
    [id]
  );
}

test('each tick runs once across two replicas; a missed tick runs once; pause and resume', async () => {
  // 08:00 Berlin = 07:00 UTC in winter.
  const created = await api(
    t,
    'POST',
    '/api/v1/reports',
    editor,
    definition({ schedule: { cron: '0 8 * * *', timezone: 'Europe/Berlin' } })
  );
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;

  for (let i = 0; i < 3; i++) {
    const runs = await bothTick('2026-12-02T07:30:00Z');
    assert.equal(runs.length, i === 0 ? 1 : 0, `tick round ${i}`);
  }
  let rows = await runsOf(id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.status, 'succeeded');
  assert.equal(new Date(rows[0]!.tick_at).toISOString(), '2026-12-02T07:00:00.000Z');

  // Down from Dec 2 to Dec 6 08:30: the ticks of Dec 3, 4, 5, 6 collapse into one run for Dec 6.
  const late = await bothTick('2026-12-06T07:30:00Z');
  assert.equal(late.length, 1);
  assert.equal(late[0]?.tickAt, '2026-12-06T07:00:00.000Z');

  assert.equal((await api(t, 'POST', `/api/v1/reports/${id}/pause`, editor)).statusCode, 200);
  assert.equal((await bothTick('2026-12-07T07:30:00Z')).length, 0, 'paused: nothing runs');
  assert.equal((await api(t, 'POST', `/api/v1/reports/${id}/resume`, editor)).statusCode, 200);
  const resumed = await bothTick('2026-12-07T07:31:00Z');
  assert.deepEqual(
    resumed.map((r) => r.tickAt),
    ['2026-12-07T07:00:00.000Z']
  );
  rows = await runsOf(id);
  assert.equal(rows.length, 3);
  await api(t, 'DELETE', `/api/v1/reports/${id}`, editor);
});

test('a failed tick is retried with exponential backoff, once per attempt, then given up', async () => {
  const created = await api(
    t,
    'POST',
    '/api/v1/reports',
    editor,
    definition({ schedule: { cron: '*/15 * * * *', timezone: 'UTC' } })
  );
  const id = created.json().id;
  await t.services.metadata.query(
    `UPDATE reports SET definition = jsonb_set(definition, '{queries,0,query,groupBy}', '["gone_field"]') WHERE id = $1`,
    [id]
  );

  const first = await bothTick('2026-12-10T10:05:00Z');
  assert.deepEqual(
    first.map((r) => [r.status, r.attempt]),
    [['failed', 1]]
  );
  assert.equal((await bothTick('2026-12-10T10:05:59Z')).length, 0, 'backoff 60 s not yet elapsed');
  const second = await bothTick('2026-12-10T10:06:00Z');
  assert.deepEqual(
    second.map((r) => [r.status, r.attempt, r.tickAt]),
    [['failed', 2, '2026-12-10T10:00:00.000Z']]
  );
  assert.equal((await bothTick('2026-12-10T10:07:59Z')).length, 0, 'backoff doubled to 120 s');
  const third = await bothTick('2026-12-10T10:08:00Z');
  assert.deepEqual(
    third.map((r) => [r.status, r.attempt]),
    [['failed', 3]]
  );
  const [tick] = await t.services.metadata.query<{ done: boolean; attempts: number }>(
    'SELECT done, attempts FROM report_ticks WHERE report_id = $1',
    [id]
  );
  assert.deepEqual(tick, { done: true, attempts: 3 }, 'given up after maxAttempts');
  assert.equal((await bothTick('2026-12-10T10:14:00Z')).length, 0);
  await api(t, 'DELETE', `/api/v1/reports/${id}`, editor);
});

test('a replica that died mid-run leaves a lease; after it expires exactly one replica retries', async () => {
  const created = await api(
    t,
    'POST',
    '/api/v1/reports',
    editor,
    definition({ schedule: { cron: '0 * * * *', timezone: 'UTC' } })
  );
  const id = created.json().id;
  // What a crashed replica leaves behind: the tick claimed, attempt 1, lease until 11:10, no finished run.
  await t.services.metadata.query(
    `INSERT INTO report_ticks (report_id, tick_at, attempts, next_attempt_at) VALUES ($1, '2026-12-11T11:00:00Z', 1, '2026-12-11T11:10:00Z')`,
    [id]
  );
  await t.services.metadata.query(
    `INSERT INTO report_runs (id, report_id, tenant_id, trigger, tick_at, status, started_at)
     SELECT $2, id, tenant_id, 'schedule', '2026-12-11T11:00:00Z', 'running', '2026-12-11T11:00:01Z' FROM reports WHERE id = $1`,
    [id, randomUUID()]
  );
  assert.equal((await bothTick('2026-12-11T11:09:00Z')).length, 0, 'lease still held');
  const retried = await bothTick('2026-12-11T11:10:00Z');
  assert.deepEqual(
    retried.map((r) => [r.status, r.attempt, r.tickAt]),
    [['succeeded', 2, '2026-12-11T11:00:00.000Z']]
  );
  assert.equal((await bothTick('2026-12-11T11:30:00Z')).length, 0);
  const history = await runsOf(id);
  assert.deepEqual(
    history.map((r) => [r.status, r.attempt]),
    [
      ['failed', 1],
      ['succeeded', 2],
    ],
    'the dead attempt is closed as failed, not left running'
  );
});
