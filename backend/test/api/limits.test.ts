import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'ingest.tenantRequestsPerSecond': 0.001, 'ingest.tenantBurst': 3 });
});
after(() => t.close());

test('a tenant over its ingest rate gets 429 with Retry-After; other tenants are unaffected', async () => {
  const noisy = (await t.tenant('noisy')).keys;
  const quiet = (await t.tenant('quiet')).keys;
  const send = (key: string, i: number) =>
    t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(key), payload: { runId: `rate-${i}`, results: [{ name: 'a', status: 'passed' }] } });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await send(noisy.ingest, i)).statusCode);
  assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
  const limited = await send(noisy.ingest, 99);
  assert.equal(limited.json().code, 'RATE_LIMITED');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  assert.equal((await send(quiet.ingest, 100)).statusCode, 201);
  const stored = await t.services.analytics.query<{ c: string }>("SELECT count() AS c FROM test_runs WHERE run_id = 'rate-99'");
  assert.equal(Number(stored[0]!.c), 0, 'a limited request wrote nothing');
});
