/**
 * GET /reports/:id/runs and /runs/:runId: the row counts and the
 * data-derived skip reason were computed under the report's principal, so a
 * reader restricted by row policies gets them withheld (countsHidden), while
 * an unrestricted reader sees them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, bearer, definition, grafanaUser, runNow, startFixture } from './helpers.ts';
import type { Fixture } from '../queries/fixture.ts';

let f: Fixture;
let editor: Record<string, string>;
let viewer: Record<string, string>;
let sent: string;
let skipped: string;

before(async () => {
  f = await startFixture();
  editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
  viewer = grafanaUser(f.acme.keys.grafana, 2, 'vi', 'Viewer');
  const create = async (extra: Record<string, unknown>) => {
    const r = await api(f.t, 'POST', '/api/v1/reports', editor, definition(extra));
    assert.equal(r.statusCode, 201, r.body);
    const run = await runNow(f.t, r.json().id, editor);
    assert.equal(run.statusCode, 200, run.body);
    return r.json().id as string;
  };
  sent = await create({});
  skipped = await create({ condition: { kind: 'pass_rate_below', threshold: 0.01 } });
  const pol = await f.t.app.inject({ method: 'POST', url: '/api/v1/policies', headers: bearer(f.acme.keys.admin),
    payload: { name: 'viewers see api', condition: [{ field: 'project', op: '=', value: 'api' }], appliesTo: { roles: ['Viewer'] } } });
  assert.equal(pol.statusCode, 201, pol.body);
});
after(() => f.t.close());

const history = async (id: string, who: Record<string, string>) => {
  const r = await api(f.t, 'GET', `/api/v1/reports/${id}/runs`, who);
  assert.equal(r.statusCode, 200, r.body);
  const [run] = r.json().runs;
  assert.ok(run);
  return run;
};

test('an unrestricted reader sees the row counts and the skip reason', async () => {
  const run = await history(sent, editor);
  assert.equal(run.status, 'succeeded');
  assert.ok(run.rows > 0);
  assert.equal(run.rowCounts.length, 2);
  assert.equal(run.countsHidden, undefined);
  const skip = await history(skipped, editor);
  assert.equal(skip.status, 'skipped');
  assert.match(skip.reason, /pass rate/);
});

test('a reader restricted by a row policy gets the counts and the data-derived reason withheld', async () => {
  const run = await history(sent, viewer);
  assert.equal(run.status, 'succeeded', 'the run itself stays visible');
  assert.equal(run.rows, null);
  assert.equal(run.rowCounts, null);
  assert.equal(run.countsHidden, true);
  const skip = await history(skipped, viewer);
  assert.equal(skip.status, 'skipped');
  assert.equal(skip.reason, null);
  const one = await api(f.t, 'GET', `/api/v1/reports/${sent}/runs/${run.id}`, viewer);
  assert.equal(one.statusCode, 200, one.body);
  assert.equal(one.json().rows, null);
  assert.equal(one.json().countsHidden, true);
  const mine = await api(f.t, 'GET', `/api/v1/reports/${sent}/runs/${run.id}`, editor);
  assert.ok(mine.json().rows > 0);
});
