/**
 * SEMANTEST_PUBLIC_URL: signed download links are built on the configured
 * public base URL (with its path prefix), not on the request's Host header;
 * the setting is refused at boot unless it is an absolute http(s) URL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/load.ts';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { countByTest, createExport, finished } from './helpers.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({}, { SEMANTEST_PUBLIC_URL: 'https://semantest.example.com/analytics/' });
});
after(() => t.close());

test('download links use the public URL, whatever Host the request carried', async () => {
  const tenant = await t.tenant('public-url');
  const h = bearer(tenant.keys.admin);
  const job = await finished(t, h, (await createExport(t, h, { query: countByTest(), format: 'csv' })).json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  const r = await t.app.inject({
    method: 'GET',
    url: `/api/v1/exports/${job.id}/download-url`,
    headers: { ...h, host: 'evil.example.net' },
  });
  assert.equal(r.statusCode, 200, r.body);
  const { url } = r.json() as { url: string };
  assert.match(url, /^https:\/\/semantest\.example\.com\/analytics\/api\/v1\/downloads\/[^/]+$/);
  // The link works: the path after the prefix is the download route.
  const d = await t.app.inject({ method: 'GET', url: new URL(url).pathname.replace(/^\/analytics/, '') });
  assert.equal(d.statusCode, 200, d.body);
});

test('SEMANTEST_PUBLIC_URL must be an absolute http(s) URL without credentials, query or fragment', () => {
  const env = { DATA_DIR: '/tmp/unused', SEMANTEST_DEMO: 'false' };
  assert.equal(loadConfig({ ...env, SEMANTEST_PUBLIC_URL: 'http://localhost:8080' }).publicUrl, 'http://localhost:8080');
  assert.equal(loadConfig(env).publicUrl, undefined);
  for (const bad of ['semantest.example.com', 'ftp://example.com', '/relative', 'https://user:pw@example.com', 'https://example.com/?x=1', 'https://example.com/#f', 'https://']) {
    assert.throws(() => loadConfig({ ...env, SEMANTEST_PUBLIC_URL: bad }), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.match(e.message, /publicUrl/);
      return true;
    }, bad);
  }
});
