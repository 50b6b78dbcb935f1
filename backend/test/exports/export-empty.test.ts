/**
 * Exports whose query matches no row, in every format and compression: the
 * job succeeds with 0 rows (the engine cannot infer a schema from a header
 * alone, which used to fail zstd CSV/TSV/NDJSON and every JSON export), and
 * the file reads back as empty with readers that are not the writer (zstd's
 * own CLI, zlib, JSON.parse; Parquet/Avro through the engine).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EXPORT_FORMATS } from '../../src/exports/formats.ts';
import type { Fixture } from '../queries/fixture.ts';
import { bearer, countByTest, createExport, download, finished, startExportFixture } from './helpers.ts';

let f: Fixture;
let scratch: string;
before(async () => {
  f = await startExportFixture();
  scratch = mkdtempSync(join(tmpdir(), 'semantest-empty-'));
});
after(async () => {
  await f.t.close();
  rmSync(scratch, { recursive: true, force: true });
});

const nothing = countByTest({ filters: [{ field: 'project', op: '=', value: 'no-such-project' }] });

function plain(raw: Buffer, compression: string): Buffer {
  if (compression === 'gzip') return gunzipSync(raw);
  if (compression !== 'zstd') return raw;
  const z = spawnSync('/usr/bin/zstd', ['-d', '-c', '-q'], { input: raw });
  assert.equal(z.status, 0, String(z.stderr));
  return z.stdout;
}

for (const compression of ['none', 'gzip', 'zstd'] as const) {
  test(`an export with no row succeeds with 0 rows in every format (${compression})`, async () => {
    const h = bearer(f.acme.keys.admin);
    for (const format of EXPORT_FORMATS) {
      const id = (await createExport(f.t, h, { query: nothing, format, compression })).json().id as string;
      const job = await finished(f.t, h, id);
      assert.equal(job.status, 'succeeded', `${format}/${compression}: ${job.error}`);
      assert.deepEqual([job.rowsWritten, job.rowsEstimated], [0, 0], `${format}/${compression}`);
      const d = await download(f.t, h, id);
      assert.equal(d.statusCode, 200);
      const body = plain(d.rawPayload, compression);
      const text = body.toString('utf8');
      if (format === 'csv') assert.equal(text, '"test","count"\n');
      if (format === 'tsv') assert.equal(text, 'test\tcount\n');
      if (format === 'ndjson') assert.equal(text, '');
      if (format === 'json') assert.deepEqual(JSON.parse(text), []);
      if (format === 'xml') assert.match(text, /^<\?xml/);
      if (format === 'parquet' || format === 'avro') {
        const file = join(scratch, `${id}.${format}`);
        writeFileSync(file, body);
        const [r] = await f.t.services.analytics.query<{ c: string | number }>(
          `SELECT count() AS c FROM file({p:String}, '${format === 'parquet' ? 'Parquet' : 'Avro'}')`,
          { p: file }
        );
        assert.equal(Number(r?.c), 0, `${format}/${compression}`);
      }
    }
  });
}
