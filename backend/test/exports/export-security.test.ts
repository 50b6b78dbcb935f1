import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grafanaUser, type Fixture } from '../queries/fixture.ts';
import { DownloadLinks } from '../../src/exports/download-link.ts';
import { MasterKey } from '../../src/exports/master-key.ts';
import { bearer, countByTest, createExport, download, finished, startExportFixture } from './helpers.ts';

let f: Fixture;
before(async () => {
  f = await startExportFixture();
});
after(() => f.t.close());

const byProject = { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['project'], shape: 'table' };
const errorsByMessage = {
  version: 1,
  dataset: 'errors',
  metrics: [{ fn: 'count' }],
  groupBy: ['error_message'],
  shape: 'table',
};

test('row policies and masking apply to exports (the compiler is used); Viewers may not export', async () => {
  const admin = bearer(f.acme.keys.admin);
  const pol = await f.t.app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers: admin,
    payload: {
      name: 'editors see api',
      condition: [{ field: 'project', op: '=', value: 'api' }],
      appliesTo: { roles: ['Editor'] },
    },
  });
  const mask = await f.t.app.inject({
    method: 'POST',
    url: '/api/v1/masking-rules',
    headers: admin,
    payload: { field: 'error_message', method: 'hash', exemptRoles: ['Admin'] },
  });
  assert.equal(pol.statusCode, 201, pol.body);
  assert.equal(mask.statusCode, 201, mask.body);
  const editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');

  const projects = await finished(
    f.t,
    editor,
    (await createExport(f.t, editor, { query: byProject, format: 'ndjson' })).json().id
  );
  assert.equal(projects.status, 'succeeded', projects.error ?? '');
  const rows = (await download(f.t, editor, projects.id)).body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { project: string });
  assert.deepEqual(
    rows.map((r) => r.project),
    ['api']
  );

  const messages = await finished(
    f.t,
    editor,
    (await createExport(f.t, editor, { query: errorsByMessage, format: 'csv' })).json().id
  );
  assert.equal(messages.status, 'succeeded', messages.error ?? '');
  const csv = (await download(f.t, editor, messages.id)).body;
  assert.ok(!csv.includes('ACME-SECRET'), 'masked values never reach the file');
  const exempt = await finished(
    f.t,
    admin,
    (await createExport(f.t, admin, { query: errorsByMessage, format: 'csv' })).json().id
  );
  assert.ok(
    (await download(f.t, admin, exempt.id)).body.includes('ACME-SECRET'),
    'Admins are exempt, so the marker is there to be masked'
  );

  const viewer = grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer');
  const refused = await createExport(f.t, viewer, { query: byProject, format: 'csv' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'FORBIDDEN');

  const bad = await createExport(f.t, editor, { query: { ...byProject, groupBy: ['nope'] }, format: 'csv' });
  assert.equal(bad.statusCode, 400, 'a bad query is refused at creation');

  await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${pol.json().id}`, headers: admin });
  await f.t.app.inject({ method: 'DELETE', url: `/api/v1/masking-rules/${mask.json().id}`, headers: admin });
});

test('tenant and owner isolation: another tenant or another user gets 404', async () => {
  const admin = bearer(f.acme.keys.admin);
  const job = await finished(
    f.t,
    admin,
    (await createExport(f.t, admin, { query: countByTest(), format: 'csv' })).json().id
  );
  for (const [method, url] of [
    ['GET', `/api/v1/exports/${job.id}`],
    ['GET', `/api/v1/exports/${job.id}/download-url`],
    ['POST', `/api/v1/exports/${job.id}/cancel`],
    ['POST', `/api/v1/exports/${job.id}/retry`],
    ['DELETE', `/api/v1/exports/${job.id}`],
  ] as const) {
    const other = await f.t.app.inject({ method, url, headers: bearer(f.globex.keys.admin) });
    assert.equal(other.statusCode, 404, `globex ${method} ${url}`);
    const user = await f.t.app.inject({ method, url, headers: grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor') });
    assert.equal(user.statusCode, 404, `another user ${method} ${url}`);
  }
  const list = await f.t.app.inject({ method: 'GET', url: '/api/v1/exports', headers: bearer(f.globex.keys.admin) });
  assert.deepEqual(list.json().exports, []);
  const own = await f.t.app.inject({ method: 'GET', url: '/api/v1/exports', headers: admin });
  assert.ok(own.json().exports.some((e: { id: string }) => e.id === job.id));
});

test('signed links: tampered → 403, expired → 410, other tenant in the token → 410; files are encrypted at rest', async () => {
  const admin = bearer(f.acme.keys.admin);
  const job = await finished(
    f.t,
    admin,
    (await createExport(f.t, admin, { query: countByTest(), format: 'csv' })).json().id
  );
  const u = await f.t.app.inject({ method: 'GET', url: `/api/v1/exports/${job.id}/download-url`, headers: admin });
  const { url, expiresAt } = u.json() as { url: string; expiresAt: string };
  assert.ok(Date.parse(expiresAt) > Date.now());
  const path = new URL(url).pathname;
  const token = path.split('/').pop()!;
  const ok = await f.t.app.inject({ method: 'GET', url: path });
  assert.equal(ok.statusCode, 200);
  assert.ok(ok.body.includes('plain name'));

  const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
  for (const bad of [flipped, `${token.split('.')[0]}.${'A'.repeat(43)}`, 'nonsense', `${token}x`]) {
    const r = await f.t.app.inject({ method: 'GET', url: `/api/v1/downloads/${bad}` });
    assert.equal(r.statusCode, 403, bad);
    assert.equal(r.json().code, 'EXPORT_LINK_INVALID');
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  }
  const links = new DownloadLinks(MasterKey.loadOrCreate(f.t.dataDir).downloadSigningKey());
  const expired = await f.t.app.inject({
    method: 'GET',
    url: `/api/v1/downloads/${links.sign({ tenantId: f.acme.id, jobId: job.id, expiresAt: new Date(Date.now() - 1000) })}`,
  });
  assert.equal(expired.statusCode, 410);
  assert.equal(expired.json().code, 'EXPORT_LINK_EXPIRED');
  const crossTenant = await f.t.app.inject({
    method: 'GET',
    url: `/api/v1/downloads/${links.sign({ tenantId: f.globex.id, jobId: job.id, expiresAt: new Date(Date.now() + 60_000) })}`,
  });
  assert.equal(crossTenant.statusCode, 410, 'the job is not in the token tenant');
  const otherKey = new DownloadLinks(Buffer.alloc(32, 7)).sign({
    tenantId: f.acme.id,
    jobId: job.id,
    expiresAt: new Date(Date.now() + 60_000),
  });
  assert.equal((await f.t.app.inject({ method: 'GET', url: `/api/v1/downloads/${otherKey}` })).statusCode, 403);

  const dir = join(f.t.dataDir, 'exports', f.acme.id, 'exports');
  const file = join(dir, `${job.id}.r1.csv`); // first run: fencing token 1
  const raw = readFileSync(file);
  assert.equal(raw.subarray(0, 4).toString(), 'SMX1');
  assert.ok(!raw.includes('plain name') && !raw.includes('HYPERLINK'), 'no plaintext on disk');
  assert.ok(readdirSync(dir).length >= 1);
});

test('delete removes row and file; retry re-runs a cancelled job; sweep removes expired exports', async () => {
  const admin = bearer(f.acme.keys.admin);
  const a = await finished(
    f.t,
    admin,
    (await createExport(f.t, admin, { query: countByTest(), format: 'csv' })).json().id
  );
  const fileA = join(f.t.dataDir, 'exports', f.acme.id, 'exports', `${a.id}.r1.csv`);
  assert.ok(existsSync(fileA));
  assert.equal(
    (await f.t.app.inject({ method: 'DELETE', url: `/api/v1/exports/${a.id}`, headers: admin })).statusCode,
    204
  );
  assert.ok(!existsSync(fileA));
  assert.equal(
    (await f.t.app.inject({ method: 'GET', url: `/api/v1/exports/${a.id}`, headers: admin })).statusCode,
    404
  );

  const b = await finished(
    f.t,
    admin,
    (await createExport(f.t, admin, { query: countByTest(), format: 'csv' })).json().id
  );
  const conflict = await f.t.app.inject({ method: 'POST', url: `/api/v1/exports/${b.id}/retry`, headers: admin });
  assert.equal(conflict.statusCode, 409, 'a succeeded export is not retried');
  assert.equal(conflict.json().code, 'EXPORT_STATE_CONFLICT');
  await f.t.services.metadata.query(`UPDATE export_jobs SET status = 'cancelled' WHERE id = $1`, [b.id]);
  const retry = await f.t.app.inject({ method: 'POST', url: `/api/v1/exports/${b.id}/retry`, headers: admin });
  assert.equal(retry.statusCode, 202, retry.body);
  const again = await finished(f.t, admin, b.id);
  assert.equal(again.status, 'succeeded');

  await f.t.services.metadata.query(`UPDATE export_jobs SET status = 'running' WHERE id = $1`, [b.id]);
  assert.equal(await f.t.services.exports.recoverInterrupted(), 1, 'a job left running by a stopped server');
  const interrupted = await finished(f.t, admin, b.id);
  assert.equal(interrupted.status, 'failed');
  assert.match(interrupted.error ?? '', /^INTERRUPTED/);
  assert.equal(
    (await f.t.app.inject({ method: 'POST', url: `/api/v1/exports/${b.id}/retry`, headers: admin })).statusCode,
    202
  );
  assert.equal((await finished(f.t, admin, b.id)).status, 'succeeded');

  // Three runs (tokens 1, 2, 3: created, retried twice); the last one's file replaced the earlier ones.
  const fileB = join(f.t.dataDir, 'exports', f.acme.id, 'exports', `${b.id}.r3.csv`);
  assert.ok(existsSync(fileB));
  assert.ok(!existsSync(fileB.replace('.r3.', '.r2.')), 'the earlier run’s file is removed');
  assert.equal(await f.t.services.exports.sweep(), 0, 'nothing has expired yet');
  await f.t.services.metadata.query(`UPDATE export_jobs SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
    b.id,
  ]);
  assert.equal(await f.t.services.exports.sweep(), 1);
  assert.ok(!existsSync(fileB));
  assert.equal(
    (await f.t.app.inject({ method: 'GET', url: `/api/v1/exports/${b.id}`, headers: admin })).statusCode,
    404
  );
});
