/**
 * GET /api/v1/values/:dimension for the run_diff dataset (what the datasource's filter
 * suggestions call): `change` exists only there, and its rows exist only for a time range
 * (the after side), so the route must resolve the dataset and say plainly when the range is missing.
 * On the fixture, after = 2026-11-21 (run a3), before = the day before (a1, a2):
 * web/login ok passed → error (new_failure), web/login fails failed → passed (fixed),
 * skip me and both api tests only before (removed).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, bearer, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

const DAY = `from=${Date.parse('2026-11-21T00:00:00Z')}&to=2026-11-22T00:00:00Z`;
const get = (url: string, key = f.acme.keys.query) => f.t.app.inject({ method: 'GET', url, headers: bearer(key) });

test('values of change with dataset=run_diff and a time range: the changes in that diff', async () => {
  const r = await get(`/api/v1/values/change?dataset=run_diff&${DAY}`);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().values, ['fixed', 'new_failure', 'removed']);
  assert.deepEqual((await get(`/api/v1/values/change?dataset=run_diff&q=fix&${DAY}`)).json().values, ['fixed']);
});

test('values of change without a dataset resolve to run_diff (the only dataset with the field)', async () => {
  const r = await get(`/api/v1/values/change?${DAY}`);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().values, ['fixed', 'new_failure', 'removed']);
});

test('values of change without a time range: a 400 that names the missing range, not an unknown field', async () => {
  const r = await get('/api/v1/values/change');
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'QUERY_INVALID');
  assert.match(r.body, /time range/);
});

test('other run_diff dimensions list the values of the diff rows, tenant-scoped', async () => {
  const r = await get(`/api/v1/values/project?dataset=run_diff&${DAY}`);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().values, ['api', 'web']);
  const globex = await get(`/api/v1/values/project?dataset=run_diff&${DAY}`, f.globex.keys.query);
  assert.deepEqual(globex.json().values, ['gx'], 'the other tenant sees only its own diff');
});
