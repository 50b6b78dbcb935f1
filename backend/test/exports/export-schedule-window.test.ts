/**
 * Scheduled exports with a moving time window: each tick exports the last
 * 24 h ending at the tick (resolved like reports' relative ranges), so two
 * ticks a day apart export different rows from one stored schedule.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { windowedQuery } from '../../src/exports/schedule/time-window.ts';
import { countByTest } from './helpers.ts';

let t: TestApp;
let tenant: Awaited<ReturnType<TestApp['tenant']>>;
const DAY = 86_400_000;
// Ticks in the future, so they fall after the schedule's creation: 12:00 UTC tomorrow and the day after.
const tick1 = new Date(Math.ceil(Date.now() / DAY) * DAY + DAY + 12 * 3_600_000);
const tick2 = new Date(tick1.getTime() + DAY);

before(async () => {
  t = await startTestApp();
  tenant = await t.tenant('window');
  // 5 tests two hours before the first tick, 3 other tests two hours before the second.
  for (const [at, prefix, n] of [[tick1, 'first-', 5], [tick2, 'second-', 3]] as const) {
    await t.services.analytics.command(
      `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
       SELECT {t:String}, 'r', 'w', 's', concat({p:String}, toString(number)), concat({p:String}, toString(number)), 'passed', 1, 1, 1,
              fromUnixTimestamp64Milli({at:Int64}), 365 FROM numbers({n:UInt64})`,
      { t: tenant.id, p: prefix, at: at.getTime() - 2 * 3_600_000, n }
    );
  }
});
after(() => t.close());

test('windowedQuery: the window ending at the tick replaces the query range; the zone applies unless the query has one', () => {
  const q = windowedQuery(countByTest({ timeRange: { from: 0, to: 1 } }), { last: '7d', timezone: 'Europe/Berlin' }, tick1);
  assert.deepEqual(q.timeRange, { from: new Date(tick1.getTime() - 7 * DAY).toISOString(), to: tick1.toISOString() });
  assert.equal(q.timezone, 'Europe/Berlin');
  assert.equal(windowedQuery(countByTest({ timezone: 'UTC' }), { last: '24h', timezone: 'Asia/Tokyo' }, tick1).timezone, 'UTC');
});

test('each tick of one schedule exports its own last 24 h', async () => {
  const h = bearer(tenant.keys.admin);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/export-schedules',
    headers: h,
    payload: { name: 'daily window', cron: '0 12 * * *', timezone: 'UTC', timeRange: { last: '24h' }, query: countByTest(), format: 'csv' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(created.json().timeRange, { last: '24h', timezone: 'UTC' });
  const exportsSvc = t.services.exports;
  for (const [tick, rows] of [[tick1, 5], [tick2, 3]] as const) {
    const [job] = (await exportsSvc.scheduler.tick(tick)).filter((j) => j.scheduleId === created.json().id);
    assert.ok(job, `a job for ${tick.toISOString()}`);
    assert.equal(job.tickAt, tick.toISOString());
    assert.deepEqual(job.query.timeRange, { from: new Date(tick.getTime() - DAY).toISOString(), to: tick.toISOString() });
    await exportsSvc.idle();
    const done = await exportsSvc.require(tenant.id, job.id);
    assert.equal(done.status, 'succeeded', done.error ?? '');
    assert.equal(done.rowsWritten, rows, `rows of the window ending ${tick.toISOString()}`);
  }
});

test('a bad window is a coded 400', async () => {
  const h = bearer(tenant.keys.admin);
  for (const timeRange of [{ last: 'yesterday' }, { last: '9999d' }, { last: '7d', timezone: 'Mars/Olympus' }]) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/export-schedules',
      headers: h,
      payload: { name: 'bad', cron: '0 12 * * *', timeRange, query: countByTest(), format: 'csv' },
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, 'EXPORT_INVALID_SCHEDULE', r.body);
  }
});
