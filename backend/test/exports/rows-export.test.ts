/**
 * Export jobs of raw rows (query shape `rows`): the API accepts them for every
 * format, the files hold one line per source row with the display column names,
 * readers that are not ours (Python csv; the engine's Parquet reader on the
 * downloaded bytes) read them back, policies and masking of the job's
 * principal apply, and a pivot is refused with a clear error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_FORMATS } from '../../src/exports/formats.ts';
import { grafanaUser, type Fixture } from '../queries/fixture.ts';
import { bearer, createExport, download, finished, FORMULA_NAMES, startExportFixture } from './helpers.ts';

let f: Fixture;
let scratch: string;
before(async () => {
  f = await startExportFixture();
  scratch = mkdtempSync(join(tmpdir(), 'semantest-rows-export-'));
});
after(async () => {
  await f.t.close();
  rmSync(scratch, { recursive: true, force: true });
});

const COLUMNS = ['started_at', 'run_id', 'project', 'test', 'status', 'duration_ms', 'error_message'];
const rowsQuery = (extra: Record<string, unknown> = {}) => ({ version: 1, dataset: 'results', shape: 'rows', columns: COLUMNS, ...extra });
/** acme: 7 results over three runs, plus the formula run (one row per formula name). */
const ACME_ROWS = 7 + FORMULA_NAMES.length;

function pythonCsv(text: string): string[][] {
  const file = join(scratch, 'in.csv');
  writeFileSync(file, text);
  const out = execFileSync('/usr/bin/python3', ['-c', 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="")))))', file]);
  return JSON.parse(out.toString()) as string[][];
}

test('CSV of raw rows: Python reads every row of the tenant, names neutralised, newest first', async () => {
  const h = bearer(f.acme.keys.admin);
  const r = await createExport(f.t, h, { query: rowsQuery(), format: 'csv' });
  assert.equal(r.statusCode, 202, r.body);
  const job = await finished(f.t, h, r.json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  assert.equal(job.rowsWritten, ACME_ROWS);
  const rows = pythonCsv((await download(f.t, h, job.id)).body);
  assert.deepEqual(rows[0], COLUMNS);
  const body = rows.slice(1);
  assert.equal(body.length, ACME_ROWS);
  assert.ok(!JSON.stringify(body).includes('GLOBEX'), 'another tenant\'s rows');
  assert.ok(body.some((row) => row[6] === 'ACME-SECRET-web-1 token=abc'), 'raw messages for an admin key without masking');
  assert.ok(body.every((row) => !/^[=+\-@\t\r]/.test(row[3]!)), 'formula names are neutralised');
  const times = body.map((row) => Number(row[0]));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'epoch-ms start times, newest first');
  assert.equal(times.at(-1), Date.parse('2026-11-20T10:00:00Z'));
});

test('Parquet of raw rows: the engine reads the downloaded file back, typed', async () => {
  const h = bearer(f.acme.keys.admin);
  const r = await createExport(f.t, h, { query: rowsQuery({ filters: [{ field: 'project', op: '=', value: 'web' }], orderBy: [{ by: 'duration_ms', dir: 'desc' }] }), format: 'parquet' });
  assert.equal(r.statusCode, 202, r.body);
  const job = await finished(f.t, h, r.json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  const d = await download(f.t, h, job.id);
  assert.equal(d.rawPayload.subarray(0, 4).toString(), 'PAR1');
  const file = join(scratch, 'rows.parquet');
  writeFileSync(file, d.rawPayload);
  const back = await f.t.services.analytics.query<Record<string, unknown>>(
    "SELECT * FROM file({path:String}, 'Parquet')", { path: file });
  assert.equal(back.length, 5, 'web: 3 results of a1 and 2 of a3');
  assert.equal(job.rowsWritten, 5);
  assert.deepEqual(Object.keys(back[0]!), COLUMNS);
  assert.deepEqual(back.map((x) => Number(x.duration_ms)), [300, 280, 130, 120, 0]);
  assert.ok(back.every((x) => x.project === 'web'));
});

test('every format accepts a rows query', async () => {
  const h = bearer(f.acme.keys.admin);
  for (const format of EXPORT_FORMATS) {
    const r = await createExport(f.t, h, { query: rowsQuery({ filters: [{ field: 'project', op: '=', value: 'api' }] }), format });
    assert.equal(r.statusCode, 202, `${format}: ${r.body}`);
    const job = await finished(f.t, h, r.json().id);
    assert.equal(job.status, 'succeeded', `${format}: ${job.error ?? ''}`);
    assert.equal(job.rowsWritten, 2, format);
  }
});

test('the job principal\'s policies and masking apply to raw rows', async () => {
  const admin = bearer(f.acme.keys.admin);
  const pol = await f.t.app.inject({ method: 'POST', url: '/api/v1/policies', headers: admin,
    payload: { name: 'editors see web', condition: [{ field: 'project', op: '=', value: 'web' }], appliesTo: { roles: ['Editor'] } } });
  const mask = await f.t.app.inject({ method: 'POST', url: '/api/v1/masking-rules', headers: admin,
    payload: { field: 'error_message', method: 'redact', exemptRoles: ['Admin'] } });
  assert.equal(pol.statusCode, 201, pol.body);
  assert.equal(mask.statusCode, 201, mask.body);
  try {
    const editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
    const job = await finished(f.t, editor, (await createExport(f.t, editor, { query: rowsQuery(), format: 'ndjson' })).json().id);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const lines = (await download(f.t, editor, job.id)).body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 5);
    assert.ok(lines.every((l) => l.project === 'web' && l.error_message === '[redacted]'));
    assert.ok(!JSON.stringify(lines).includes('ACME-SECRET'));
  } finally {
    await f.t.app.inject({ method: 'DELETE', url: `/api/v1/policies/${pol.json().id}`, headers: admin });
    await f.t.app.inject({ method: 'DELETE', url: `/api/v1/masking-rules/${mask.json().id}`, headers: admin });
  }
});

test('refused up front: pivot of a rows query, unknown columns, metrics with rows', async () => {
  const h = bearer(f.acme.keys.admin);
  const pivot = await createExport(f.t, h, { query: rowsQuery(), format: 'csv', pivot: { field: 'status' } });
  assert.equal(pivot.statusCode, 400, pivot.body);
  assert.equal(pivot.json().code, 'EXPORT_INVALID_PIVOT');
  assert.match(pivot.json().detail, /shape "table"/);
  const unknown = await createExport(f.t, h, { query: rowsQuery({ columns: ['test', 'secret_column'] }), format: 'csv' });
  assert.equal(unknown.statusCode, 400, unknown.body);
  assert.match(unknown.body, /columns\/1: unknown column \\"secret_column\\"/);
  const metrics = await createExport(f.t, h, { query: rowsQuery({ metrics: [{ fn: 'count' }] }), format: 'csv' });
  assert.equal(metrics.statusCode, 400, metrics.body);
  assert.match(metrics.body, /a rows query takes no metrics/);
});
