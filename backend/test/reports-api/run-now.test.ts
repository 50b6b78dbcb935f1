/**
 * "Run now" is queued, not executed in the request: 202 with the queued run,
 * its status read from the history endpoints, and the queue persisted in the
 * claim table, so a run queued by a replica that then dies is executed by
 * another one, adopting the same run id.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, definition, grafanaUser, startFixture } from './helpers.ts';
import type { Fixture } from '../queries/fixture.ts';
import { createReports } from '../../src/reports/scheduler/open-reports.ts';

let f: Fixture;
let editor: Record<string, string>;
before(async () => {
  f = await startFixture();
  editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
});
after(() => f.t.close());

async function create(): Promise<string> {
  const r = await api(f.t, 'POST', '/api/v1/reports', editor, definition());
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

test('POST …/run answers 202 with a queued run; history shows it finish', async () => {
  const id = await create();
  const r = await api(f.t, 'POST', `/api/v1/reports/${id}/run`, editor);
  assert.equal(r.statusCode, 202, r.body);
  const queued = r.json();
  assert.equal(queued.status, 'queued');
  assert.equal(queued.trigger, 'manual');
  assert.equal(r.headers.location, `/api/v1/reports/${id}/runs/${queued.id}`);
  await f.t.services.reports.scheduler.idle();
  const one = await api(f.t, 'GET', `/api/v1/reports/${id}/runs/${queued.id}`, editor);
  assert.equal(one.statusCode, 200, one.body);
  assert.equal(one.json().status, 'succeeded', one.json().error);
  const history = (await api(f.t, 'GET', `/api/v1/reports/${id}/runs`, editor)).json().runs;
  assert.deepEqual(history.map((x: { id: string; status: string }) => [x.id, x.status]), [[queued.id, 'succeeded']]);
  // The run belongs to this report and tenant only.
  const other = await create();
  assert.equal((await api(f.t, 'GET', `/api/v1/reports/${other}/runs/${queued.id}`, editor)).statusCode, 404);
  const globex = grafanaUser(f.globex.keys.grafana, 3, 'ed', 'Editor');
  assert.equal((await api(f.t, 'GET', `/api/v1/reports/${id}/runs/${queued.id}`, globex)).statusCode, 404);
});

test('a queued run survives the replica that queued it: another replica runs it under the same run id', async () => {
  const id = await create();
  const report = await f.t.services.reports.store.require(f.acme.id, id);
  // Replica A queues and "dies" before running it (enqueue alone never executes).
  const a = createReports(f.t.services);
  const queued = await a.scheduler.enqueue(report, 'ed', new Date('2026-12-03T12:00:00Z'));
  const before = (await api(f.t, 'GET', `/api/v1/reports/${id}/runs/${queued.id}`, editor)).json();
  assert.equal(before.status, 'queued');
  const b = createReports(f.t.services);
  const c = createReports(f.t.services);
  const [rb, rc] = await Promise.all([
    b.scheduler.tick(new Date('2026-12-03T12:00:05Z')),
    c.scheduler.tick(new Date('2026-12-03T12:00:05Z')),
  ]);
  const ran = [...rb, ...rc];
  assert.deepEqual(ran.map((r) => [r.id, r.status, r.attempt]), [[queued.id, 'succeeded', 1]], 'exactly one replica ran it');
  assert.deepEqual(await b.scheduler.tick(new Date('2026-12-03T12:30:00Z')), [], 'and it is done');
  const history = (await api(f.t, 'GET', `/api/v1/reports/${id}/runs`, editor)).json().runs;
  assert.deepEqual(history.map((x: { id: string }) => x.id), [queued.id], 'no second row');
});

test('a manual run does not move the schedule: a cron tick right after it still runs', async () => {
  const c = await api(f.t, 'POST', '/api/v1/reports', editor, definition({ schedule: { cron: '0 9 * * *', timezone: 'UTC' } }));
  const report = await f.t.services.reports.store.require(f.acme.id, c.json().id);
  const r = createReports(f.t.services);
  await r.scheduler.enqueue(report, 'ed', new Date('2026-12-04T09:00:20Z'));
  const ran = await r.scheduler.tick(new Date('2026-12-04T09:00:40Z'));
  assert.deepEqual(ran.map((x) => x.trigger).sort(), ['manual', 'schedule']);
  assert.equal(ran.find((x) => x.trigger === 'schedule')?.tickAt, '2026-12-04T09:00:00.000Z');
});
