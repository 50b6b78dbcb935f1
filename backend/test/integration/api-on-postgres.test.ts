/**
 * The whole HTTP path on chDB + a PostgreSQL server (the scale-out metadata
 * store): tenant, keys, upload, read back, revoke.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

const FIXTURE = fileURLToPath(new URL('../../../../shared/fixtures/test-reports/junit/junit4-complete.xml', import.meta.url));
let t: TestApp;
let dbName: string;

before(async () => {
  const url = process.env.PG_TEST_URL;
  if (!url) throw new Error('PG_TEST_URL is not set: run the suite through .ci/test-all.sh, which starts PostgreSQL');
  dbName = `semantest_api_${randomUUID().replaceAll('-', '')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE DATABASE ${dbName}`);
  await c.end();
  t = await startTestApp({}, { DATABASE_URL: url.replace(/\/[^/]*$/, `/${dbName}`) });
});

after(async () => {
  await t?.close();
  const c = new pg.Client({ connectionString: process.env.PG_TEST_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await c.end();
});

test('upload and read back with metadata on PostgreSQL', async () => {
  assert.equal(t.services.metadata.kind, 'postgres');
  const { keys } = await t.tenant('pgco', 7);
  const up = await t.app.inject({ method: 'POST', url: '/api/v1/uploads?runId=pg-1', headers: bearer(keys.ingest), payload: readFileSync(FIXTURE) });
  assert.equal(up.statusCode, 201, up.body);
  const run = await t.app.inject({ method: 'GET', url: '/api/v1/runs/pg-1', headers: bearer(keys.query) });
  assert.deepEqual([run.json().passed, run.json().failed + run.json().errors, run.json().skipped], [5, 2, 1]);
  const key = (await t.app.inject({ method: 'POST', url: '/api/v1/keys', headers: bearer(keys.admin), payload: { kind: 'ingest' } })).json();
  await t.app.inject({ method: 'DELETE', url: `/api/v1/keys/${key.id}`, headers: bearer(keys.admin) });
  const refused = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: bearer(key.key), payload: readFileSync(FIXTURE) });
  assert.equal(refused.json().code, 'AUTH_KEY_REVOKED');
});
