/**
 * The engine's plaintext temp file (or, for line formats, the FIFO it writes
 * through): created 0600 in DATA_DIR/tmp (0700)
 * before the engine writes, present only while the job runs, deleted after
 * success and after failure, and leftovers of a crash swept when the export
 * service opens (other files in DATA_DIR/tmp are left alone).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { openExports } from '../../src/exports/open-exports.ts';
import { MasterKey } from '../../src/exports/master-key.ts';
import { LocalExportStorage } from '../../src/exports/storage/local-storage.ts';
import type { ExportStorage } from '../../src/exports/storage/export-storage.ts';
import { exportTempDir } from '../../src/exports/temp-files.ts';
import { countByTest } from './helpers.ts';

let t: TestApp;
let tenantId: string;
before(async () => {
  t = await startTestApp();
  tenantId = (await t.tenant('tmp')).id;
  await t.services.analytics.command(
    `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'r1', 'p', 's', toString(number), concat('test-', toString(number)), 'passed', 1, 1, 1, now64(3), 365 FROM numbers(1000)`,
    { t: tenantId }
  );
});
after(() => t.close());

const mode = (p: string) => statSync(p).mode & 0o777;

/**
 * Looks at DATA_DIR/tmp when the upload starts (line formats: as the engine starts writing, see
 * engine-file-tail.ts; other formats: after it wrote) and the temp file's size when the upload has
 * read the whole body; can fail the upload.
 */
class PeekingStorage implements ExportStorage {
  readonly kind = 'local' as const;
  seen: { name: string; mode: number; size: number; fifo: boolean }[] = [];
  dirMode = 0;
  sizeAtEnd = -1;
  constructor(
    private readonly inner: ExportStorage,
    private readonly dir: string,
    private readonly fail: boolean
  ) {}
  async put(key: string, body: Readable) {
    this.dirMode = mode(this.dir);
    this.seen = readdirSync(this.dir).map((name) => {
      const st = statSync(join(this.dir, name));
      return { name, mode: st.mode & 0o777, size: st.size, fifo: st.isFIFO() };
    });
    const [only] = this.seen;
    if (only) body.once('end', () => (this.sizeAtEnd = statSync(join(this.dir, only.name)).size));
    if (this.fail) {
      body.destroy();
      throw new Error('storage unavailable');
    }
    return this.inner.put(key, body);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

// The service's default is the temp file for every format; the named pipe is opt-in
// (SEMANTEST_EXPORT_PIPE → exports.streamThroughPipe → RunHooks.pipes) and only for line formats
// (its byte-level behaviour is tested in engine-pipe.test.ts and row-estimate.test.ts).
for (const [format, fifo] of [['csv', false], ['parquet', false], ['csv', true]] as const) {
  for (const fail of [false, true]) {
    test(`${format}: the engine's ${fifo ? 'FIFO' : 'temp file'} is 0600 in a 0700 DATA_DIR/tmp while uploading and gone after ${fail ? 'a failure' : 'success'}`, async () => {
      const dir = exportTempDir(t.dataDir);
      const inner = new LocalExportStorage(join(t.dataDir, 'exports'), MasterKey.loadOrCreate(t.dataDir));
      const storage = new PeekingStorage(inner, dir, fail);
      const { analytics, metadata, security, tenants, config } = t.services;
      const service = openExports({ dataDir: t.dataDir, metadata, analytics, security, tenants, storage, config: { ...config.exports, streamThroughPipe: fifo } });
      const job = await service.create({
        tenantId,
        createdBy: 'test',
        principal: { kind: 'service', role: 'Admin' },
        query: countByTest(),
        format,
      });
      await service.idle();
      const done = await service.require(tenantId, job.id);
      assert.equal(done.status, fail ? 'failed' : 'succeeded', done.error ?? '');
      if (!fail) assert.equal(done.rowsWritten, 1000);
      assert.deepEqual(storage.seen.map((s) => [s.name, s.mode, s.fifo]), [[`export-${job.id}.r1.${format}`, 0o600, fifo]]);
      if (fifo) assert.equal(storage.seen[0]!.size, 0, 'no plaintext on disk');
      else if (!fail) assert.ok(storage.sizeAtEnd > 1000, 'the engine wrote into the pre-created file');
      // A line format's upload starts with the write: a store failing at once may see it still empty.
      else if (format === 'parquet') assert.ok(storage.seen[0]!.size > 1000, 'the engine wrote into the pre-created file');
      assert.equal(storage.dirMode, 0o700);
      assert.deepEqual(readdirSync(dir), [], 'deleted in finally');
      assert.deepEqual(await analytics.query('SELECT 1 AS x'), [{ x: 1 }], 'the engine is not blocked');
      await service.close();
    });
  }
}

test('opening the export service sweeps leftover export temp files, and only those', () => {
  const dir = exportTempDir(t.dataDir);
  mkdirSync(dir, { recursive: true });
  const leftovers = [`export-${randomUUID()}.csv`, `export-${randomUUID()}.parquet.zst`];
  for (const n of leftovers) writeFileSync(join(dir, n), 'plaintext rows', { mode: 0o600 });
  writeFileSync(join(dir, 'someone-else.tmp'), 'not ours');
  const legacy = join(t.dataDir, 'exports-tmp');
  mkdirSync(legacy, { recursive: true });
  writeFileSync(join(legacy, `${randomUUID()}.csv`), 'old layout');

  const { analytics, metadata, security, tenants, config } = t.services;
  const service = openExports({ dataDir: t.dataDir, metadata, analytics, security, tenants, config: config.exports });
  assert.deepEqual(readdirSync(dir), ['someone-else.tmp']);
  assert.ok(!existsSync(legacy));
  void service.close();
});
