/** The normal ingest route encrypts the tenant's chosen fields before they are stored. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('uploads through POST /api/v1/runs store enc: envelopes, not plaintext', async () => {
  const { keys } = await t.tenant('sealed', 21);
  const tenant = await t.services.tenants.getBySlug('sealed');
  await t.services.security.setEncryptAtRest(tenant, { enabled: true, fields: ['error_stack', 'stdout', 'stderr'], allowedRoles: ['Admin'] });
  const secret = 'password=hunter2 at /home/alice/secret.txt';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/runs',
    headers: bearer(keys.ingest),
    payload: { runId: 'sealed-1', results: [{ name: 'leaks', status: 'failed', error: { message: 'boom', stack: secret }, stdout: secret }] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const rows = await t.services.analytics.query<{ error_stack: string; stdout: string; error_message: string }>(
    "SELECT error_stack, stdout, error_message FROM test_results WHERE run_id = 'sealed-1'",
  );
  assert.equal(rows.length, 1);
  assert.match(rows[0]!.error_stack, /^enc:v1:/);
  assert.match(rows[0]!.stdout, /^enc:v1:/);
  assert.ok(!JSON.stringify(rows).includes('hunter2'), 'no plaintext at rest');
  assert.equal(rows[0]!.error_message, 'boom', 'fields not chosen stay readable');
});
