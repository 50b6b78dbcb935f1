/**
 * Pivot with real rows through the export job path: status values as
 * columns with counts (CSV read back), the values lookup and the pivot both
 * under the caller's row policies and masking (an Editor limited to one
 * project, with test names hashed, gets only that project's values as
 * columns, never a raw name), and the column cap failing the job with a code.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { grafanaUser, type Fixture } from '../queries/fixture.ts';
import { bearer, createExport, download, finished, startExportFixture } from './helpers.ts';

let f: Fixture;
before(async () => {
  f = await startExportFixture();
});
after(() => f.t.close());

const countBy = (groupBy: string[]) => ({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy, shape: 'table' });

/** CSVWithNames of plain values (no embedded quotes or commas in this fixture). */
const parse = (csv: string) => csv.trim().split('\n').map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));

async function exportCsv(h: Record<string, string>, body: Record<string, unknown>) {
  const r = await createExport(f.t, h, { format: 'csv', ...body });
  assert.equal(r.statusCode, 202, r.body);
  const job = await finished(f.t, h, r.json().id);
  return { job, rows: job.status === 'succeeded' ? parse((await download(f.t, h, job.id)).body) : [] };
}

test('status values become columns holding counts (0 where a project has none)', async () => {
  const { job, rows } = await exportCsv(bearer(f.acme.keys.admin), { query: countBy(['project', 'status']), pivot: { field: 'status' } });
  assert.equal(job.status, 'succeeded', job.error ?? '');
  assert.deepEqual(rows, [
    ['project', 'error', 'failed', 'passed', 'skipped'],
    ['api', '0', '1', '1', '0'],
    ['sheet', '0', '0', '6', '0'],
    ['web', '1', '1', '2', '1'],
  ]);
  assert.equal(job.rowsWritten, 3);
});

test('the values lookup and the pivot apply row policies and masking', async () => {
  const admin = bearer(f.acme.keys.admin);
  const pol = await f.t.app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers: admin,
    payload: { name: 'editors see web', condition: [{ field: 'project', op: '=', value: 'web' }], appliesTo: { roles: ['Editor'] } },
  });
  assert.equal(pol.statusCode, 201, pol.body);
  const mask = await f.t.app.inject({
    method: 'POST',
    url: '/api/v1/masking-rules',
    headers: admin,
    payload: { field: 'name', method: 'hash', exemptRoles: ['Admin'] },
  });
  assert.equal(mask.statusCode, 201, mask.body);
  const editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');

  const { job, rows } = await exportCsv(editor, { query: countBy(['project', 'test']), pivot: { field: 'test' } });
  assert.equal(job.status, 'succeeded', job.error ?? '');
  const [header, ...data] = rows;
  // web has three tests (login ok, login fails, skip me); the other projects' names never appear.
  assert.equal(header!.length, 1 + 3);
  for (const name of header!.slice(1)) assert.match(name, /^[0-9A-F]{16}$/, 'a hashed name, not a raw one');
  assert.deepEqual(data.map((r) => r[0]), ['web']);
  assert.deepEqual(data[0]!.slice(1).map(Number).sort(), [1, 2, 2]);

  // The Admin is exempt from the mask and unrestricted: raw names, every project.
  const adminView = await exportCsv(admin, { query: countBy(['project', 'test']), pivot: { field: 'test' } });
  assert.equal(adminView.job.status, 'succeeded', adminView.job.error ?? '');
  assert.ok(adminView.rows[0]!.includes('login ok'));
  assert.equal(adminView.rows.length, 1 + 3);
  assert.ok(adminView.rows[0]!.some((c) => c.startsWith("'=HYPERLINK")), 'formula-like headers are quoted');
  assert.ok(!adminView.rows[0]!.some((c) => /^[=+\-@]/.test(c)), 'no header cell a spreadsheet would evaluate');
});

test('more distinct values than the cap fails the job with a code; a pivot outside groupBy is a 400', async () => {
  const h = bearer(f.acme.keys.admin);
  const { job } = await exportCsv(h, { query: countBy(['project', 'test']), pivot: { field: 'test', maxColumns: 2 } });
  assert.equal(job.status, 'failed');
  assert.match(job.error ?? '', /^EXPORT_PIVOT_TOO_MANY_VALUES: /);
  const bad = await createExport(f.t, h, { query: countBy(['project']), format: 'csv', pivot: { field: 'status' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'EXPORT_INVALID_PIVOT');
});
