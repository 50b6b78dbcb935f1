import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Fixture } from '../queries/fixture.ts';
import { bearer, countByTest, createExport, download, finished, FORMULA_NAMES, startExportFixture } from './helpers.ts';

let f: Fixture;
let scratch: string;
before(async () => {
  f = await startExportFixture();
  scratch = mkdtempSync(join(tmpdir(), 'semantest-export-read-'));
});
after(async () => {
  await f.t.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Parses CSV with Python's csv module (a reader that is not ours). */
function pythonCsv(text: string): string[][] {
  const file = join(scratch, 'in.csv');
  writeFileSync(file, text);
  const out = execFileSync('/usr/bin/python3', [
    '-c',
    'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="")))))',
    file,
  ]);
  return JSON.parse(out.toString()) as string[][];
}

test('CSV export: Python csv reads it back; formulas are neutralised; progress is complete', async () => {
  const h = bearer(f.acme.keys.admin);
  const r = await createExport(f.t, h, {
    query: countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] }),
    format: 'csv',
  });
  assert.equal(r.statusCode, 202, r.body);
  const job = await finished(f.t, h, r.json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  assert.equal(job.rowsEstimated, FORMULA_NAMES.length);
  assert.equal(job.rowsWritten, FORMULA_NAMES.length);
  const d = await download(f.t, h, job.id);
  assert.equal(d.statusCode, 200, d.body);
  assert.match(String(d.headers['content-type']), /^text\/csv/);
  assert.match(String(d.headers['content-disposition']), new RegExp(`attachment; filename="export-${job.id}\\.csv"`));
  const rows = pythonCsv(d.body);
  assert.deepEqual(rows[0], ['test', 'count']);
  const names = rows.slice(1).map((row) => row[0]!);
  assert.equal(names.length, FORMULA_NAMES.length);
  for (const original of FORMULA_NAMES) {
    const dangerous = /^[=+\-@\t\r]/.test(original);
    const expected = dangerous ? `'${original}` : original;
    assert.ok(
      names.some((n) => n.endsWith(expected) && !/^[=+\-@\t\r]/.test(n)),
      `${JSON.stringify(original)} exported as ${JSON.stringify(expected)} in ${JSON.stringify(names)}`
    );
  }
});

test('Parquet export is read back by the engine (file() on the downloaded bytes)', async () => {
  const h = bearer(f.acme.keys.admin);
  const r = await createExport(f.t, h, { query: countByTest(), format: 'parquet' });
  const job = await finished(f.t, h, r.json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  const d = await download(f.t, h, job.id);
  assert.equal(d.statusCode, 200);
  assert.equal(d.rawPayload.subarray(0, 4).toString(), 'PAR1');
  const file = join(scratch, 'out.parquet');
  writeFileSync(file, d.rawPayload);
  const [row] = await f.t.services.analytics.query<{ c: string | number; total: string | number }>(
    "SELECT count() AS c, sum(count) AS total FROM file({path:String}, 'Parquet')",
    { path: file }
  );
  assert.equal(Number(row!.c), job.rowsEstimated);
  // acme has 7 results in the fixture plus the formula run.
  assert.equal(Number(row!.total), 7 + FORMULA_NAMES.length);
});

test('gzip NDJSON, JSON, TSV, XML and Avro exports are produced by the engine', async () => {
  const h = bearer(f.acme.keys.admin);
  const q = countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] });
  const gz = await finished(
    f.t,
    h,
    (await createExport(f.t, h, { query: q, format: 'ndjson', compression: 'gzip' })).json().id
  );
  const d = await download(f.t, h, gz.id);
  assert.equal(d.headers['content-type'], 'application/gzip');
  const lines = gunzipSync(d.rawPayload)
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { test: string });
  assert.equal(lines.length, FORMULA_NAMES.length);
  assert.ok(
    lines.some((l) => l.test === FORMULA_NAMES[0]),
    'JSON keeps values as they are'
  );

  const json = await finished(f.t, h, (await createExport(f.t, h, { query: q, format: 'json' })).json().id);
  assert.equal((JSON.parse((await download(f.t, h, json.id)).body) as unknown[]).length, FORMULA_NAMES.length);

  const tsv = await finished(f.t, h, (await createExport(f.t, h, { query: q, format: 'tsv' })).json().id);
  const tsvBody = (await download(f.t, h, tsv.id)).body;
  assert.ok(tsvBody.includes(`'=HYPERLINK`), 'TSV is neutralised like CSV');

  for (const [format, magic] of [
    ['xml', '<?xml'],
    ['avro', 'Obj\u0001'],
  ] as const) {
    const job = await finished(f.t, h, (await createExport(f.t, h, { query: q, format })).json().id);
    assert.equal(job.status, 'succeeded', `${format}: ${job.error}`);
    assert.equal((await download(f.t, h, job.id)).rawPayload.subarray(0, magic.length).toString('latin1'), magic);
  }
});

test('zstd: the engine writes and compresses the file; the engine reads it back', async () => {
  const h = bearer(f.acme.keys.admin);
  const q = countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] });
  for (const format of ['csv', 'json'] as const) {
    const job = await finished(
      f.t,
      h,
      (await createExport(f.t, h, { query: q, format, compression: 'zstd' })).json().id
    );
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const d = await download(f.t, h, job.id);
    assert.equal(d.headers['content-type'], 'application/zstd');
    assert.equal(d.rawPayload.readUInt32LE(0), 0xfd2fb528, 'zstd frame magic');
    const file = join(scratch, `back.${format}.zst`);
    writeFileSync(file, d.rawPayload);
    const engineFormat = format === 'csv' ? 'CSVWithNames' : 'JSONEachRow';
    const rows = await f.t.services.analytics.query<{ test: string }>(
      `SELECT test FROM file({path:String}, '${engineFormat}') ORDER BY test`,
      { path: file }
    );
    assert.equal(rows.length, FORMULA_NAMES.length);
    if (format === 'csv')
      assert.ok(
        rows.some((r) => r.test === `'${FORMULA_NAMES[0]}`),
        'neutralised in the engine-written CSV too'
      );
  }
});
