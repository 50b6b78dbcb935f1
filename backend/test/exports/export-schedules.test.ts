/**
 * Export schedules over HTTP (embedded PGlite): validation, create / list /
 * pause / resume / delete, owner isolation, and ticks with a fixed clock:
 * a tick creates one export job that runs to a downloadable file, the same
 * tick never creates a second job (same instance or a second scheduler on
 * the same store), a missed tick runs once, paused ticks are skipped.
 * The two-replica race on a PostgreSQL server is export-schedules-pg.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openExports } from '../../src/exports/open-exports.ts';
import type { ExportService } from '../../src/exports/export-service.ts';
import type { Fixture } from '../queries/fixture.ts';
import { grafanaUser } from '../queries/fixture.ts';
import { bearer, countByTest, download, startExportFixture } from './helpers.ts';

let f: Fixture;
let second: ExportService;

before(async () => {
  f = await startExportFixture();
  const { analytics, metadata, security, tenants, config } = f.t.services;
  second = openExports({ dataDir: f.t.dataDir, metadata, analytics, security, tenants, config: config.exports });
});
after(async () => {
  await second.close();
  await f.t.close();
});

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  f.t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

const daily = (extra: Record<string, unknown> = {}) => ({
  name: 'sheet daily',
  cron: '0 6 * * *',
  timezone: 'Europe/Berlin',
  query: countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] }),
  format: 'csv',
  ...extra,
});

async function jobsOf(scheduleId: string) {
  return f.t.services.metadata.query<{ id: string; tick_at: Date; status: string }>(
    'SELECT id, tick_at, status FROM export_jobs WHERE schedule_id = $1 ORDER BY tick_at',
    [scheduleId]
  );
}

test('validation: bad cron, unknown time zone, bad query, bad pivot are coded 400s', async () => {
  const h = bearer(f.acme.keys.admin);
  const cases: [Record<string, unknown>, string][] = [
    [daily({ cron: 'every morning' }), 'EXPORT_INVALID_SCHEDULE'],
    [daily({ timezone: 'Mars/Olympus' }), 'EXPORT_INVALID_SCHEDULE'],
    [daily({ query: countByTest({ groupBy: ['no_such_field'] }) }), 'QUERY_INVALID'],
    [daily({ pivot: { field: 'status' } }), 'EXPORT_INVALID_PIVOT'],
  ];
  for (const [body, code] of cases) {
    const r = await api('POST', '/api/v1/export-schedules', h, body);
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, code, r.body);
  }
});

test('a tick creates one job that runs; the same tick (either scheduler) never creates another', async () => {
  const h = bearer(f.acme.keys.admin);
  const created = await api('POST', '/api/v1/export-schedules', h, daily());
  assert.equal(created.statusCode, 201, created.body);
  const s = created.json();
  assert.equal(s.lastTickAt, null);
  assert.equal(s.principal, undefined, 'the stored principal is not shown');

  const now = new Date(Date.now() + 2 * 86_400_000); // a 06:00 Berlin tick has passed since creation
  const scheduler = f.t.services.exports.scheduler;
  const [first, again, other] = [await scheduler.tick(now), await scheduler.tick(now), await second.scheduler.tick(now)];
  const mine = <J extends { scheduleId: string | null }>(jobs: J[]) => jobs.filter((j) => j.scheduleId === s.id);
  assert.equal(mine(first).length, 1);
  assert.equal(mine(again).length + mine(other).length, 0);
  const job = mine(first)[0]!;
  // 06:00 in Berlin is 05:00 UTC in winter.
  assert.match(job.tickAt!, /T05:00:00\.000Z$/);

  await f.t.services.exports.idle();
  const got = await api('GET', `/api/v1/exports/${job.id}`, h);
  assert.equal(got.json().status, 'succeeded', got.body);
  assert.equal(got.json().scheduleId, s.id);
  const d = await download(f.t, h, job.id);
  assert.equal(d.statusCode, 200);
  assert.match(d.body, /^"test","count"\n/);
  assert.equal((await jobsOf(s.id)).length, 1);
  assert.equal((await api('DELETE', `/api/v1/export-schedules/${s.id}`, h)).statusCode, 204);
  assert.equal((await api('GET', `/api/v1/exports/${job.id}`, h)).statusCode, 200, 'the job outlives its schedule');
});

test('missed ticks collapse into one; paused ticks are skipped; resume picks up the next', async () => {
  const h = bearer(f.acme.keys.admin);
  const s = (await api('POST', '/api/v1/export-schedules', h, daily({ cron: '*/10 * * * *', timezone: 'UTC' }))).json();
  // Minutes counted from the first 10-minute boundary after creation, so tick instants are known.
  const base = Math.ceil(Date.parse(s.createdAt) / 600_000) * 600_000;
  const at = (minutes: number) => new Date(base + minutes * 60_000);
  const tick = async (minutes: number) =>
    (await f.t.services.exports.scheduler.tick(at(minutes))).filter((j) => j.scheduleId === s.id);

  // An hour of downtime: six ticks missed, one job (the latest tick).
  const missed = await tick(65);
  assert.equal(missed.length, 1);
  assert.equal(missed[0]!.tickAt, at(60).toISOString());

  assert.equal((await api('POST', `/api/v1/export-schedules/${s.id}/pause`, h)).json().paused, true);
  assert.equal((await tick(95)).length, 0, 'paused');
  // Resuming "now" (real clock) would be before at(95): resume through the store with a fixed clock.
  await f.t.services.exports.schedules.setPaused(f.acme.id, s.id, false, at(96));
  assert.equal((await tick(99)).length, 0, 'the ticks that fell while paused are skipped');
  assert.equal((await tick(101)).length + (await tick(101)).length, 1, 'the next tick after resume runs once');
  await f.t.services.exports.idle();
  assert.deepEqual(
    (await jobsOf(s.id)).map((j) => j.status),
    ['succeeded', 'succeeded']
  );
});

test('schedules are listed for their creator and admins only; other users and tenants get 404', async () => {
  const ed = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
  const other = grafanaUser(f.acme.keys.grafana, 2, 'olga', 'Editor');
  const r = await api('POST', '/api/v1/export-schedules', ed, daily({ name: 'ed weekly', cron: '0 8 * * MON' }));
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id;
  const names = async (h: Record<string, string>) =>
    ((await api('GET', '/api/v1/export-schedules', h)).json().schedules as { name: string }[]).map((x) => x.name);
  assert.ok((await names(ed)).includes('ed weekly'));
  assert.ok(!(await names(other)).includes('ed weekly'));
  assert.ok((await names(bearer(f.acme.keys.admin))).includes('ed weekly'));
  assert.equal((await api('GET', `/api/v1/export-schedules/${id}`, other)).statusCode, 404);
  assert.equal((await api('POST', `/api/v1/export-schedules/${id}/pause`, bearer(f.globex.keys.admin))).statusCode, 404);
  assert.equal((await api('DELETE', `/api/v1/export-schedules/${id}`, other)).statusCode, 404);
  const viewer = grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer');
  assert.equal((await api('GET', '/api/v1/export-schedules', viewer)).statusCode, 403);
  assert.equal((await api('POST', `/api/v1/export-schedules/${id}/resume`, ed)).json().paused, false);
  assert.equal((await api('DELETE', `/api/v1/export-schedules/${id}`, ed)).statusCode, 204);
});
