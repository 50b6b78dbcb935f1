/**
 * Line formats are counted, encrypted and stored while the engine writes its
 * temp file (export-runner.ts → engine-file-tail.ts → piped-export.ts), on
 * chDB through the export service:
 * - rows whose values hold raw newlines and quotes count once each, exactly,
 *   and the stored CSV is what a CSV parser reads as those rows;
 * - an engine failure after bytes reached storage fails the job and leaves
 *   neither the partial object nor the temp file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { openExports } from '../../src/exports/open-exports.ts';
import { LocalExportStorage } from '../../src/exports/storage/local-storage.ts';
import { MasterKey } from '../../src/exports/master-key.ts';
import { exportTempDir } from '../../src/exports/temp-files.ts';
import type { ExportStorage } from '../../src/exports/storage/export-storage.ts';
import type { AnalyticsDriver } from '../../src/storage/analytics/driver.ts';
import { countByTest, createExport, download, finished, seedPassingResults } from './helpers.ts';

const ROWS = 50_000;
let t: TestApp;
let tenant: Awaited<ReturnType<TestApp['tenant']>>;

before(async () => {
  t = await startTestApp();
  tenant = await t.tenant('multiline');
  // Every test name spans three lines and holds quotes and a comma.
  await seedPassingResults(t, tenant.id, ROWS, 'p', `concat('first "line" ', toString(number), '\\nsecond, line\\n"third"')`);
});
after(() => t.close());

test('CSV rows with multi-line quoted values are counted once each, exactly', async () => {
  const h = bearer(tenant.keys.admin);
  const job = await finished(t, h, (await createExport(t, h, { query: countByTest(), format: 'csv' })).json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  assert.equal(job.rowsWritten, ROWS);
  assert.equal(job.rowsEstimated, ROWS, 'the final total is the exact count');
  const csv = (await download(t, h, job.id)).rawPayload;
  assert.equal(job.bytes, csv.length);
  assert.ok(csv.toString().split('\n').length - 1 > 3 * ROWS, 'the values really hold raw newlines');
  const dir = mkdtempSync(join(tmpdir(), 'semantest-multiline-'));
  try {
    writeFileSync(join(dir, 'x.csv'), csv);
    const parsed = execFileSync('/usr/bin/python3', [
      '-c',
      'import csv,sys; r=list(csv.reader(open(sys.argv[1], newline=""))); print(len(r) - 1, r[1][0].count("\\n"))',
      join(dir, 'x.csv'),
    ]).toString();
    assert.equal(parsed.trim(), `${ROWS} 2`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The engine writes the whole file, then its command fails (as a disk-full error at the last
 * flush would) once some of the bytes have reached storage: the failure lands mid-upload.
 */
function failingAfterWrite(inner: AnalyticsDriver, storage: CountingStorage): AnalyticsDriver {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'command')
        return async (sql: string, params?: Record<string, unknown>) => {
          await target.command(sql, params);
          if (!sql.includes('INSERT INTO FUNCTION file')) return;
          while (storage.received === 0) await new Promise((r) => setTimeout(r, 5));
          throw new Error('simulated engine failure at the end of the write');
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Counts the bytes that reached the inner store. */
class CountingStorage implements ExportStorage {
  readonly kind = 'local' as const;
  received = 0;
  constructor(private readonly inner: ExportStorage) {}
  put(key: string, body: Readable) {
    const seen = new Transform({
      transform: (chunk: Buffer, _e, done) => {
        this.received += chunk.length;
        done(null, chunk);
      },
    });
    body.on('error', (err) => seen.destroy(err));
    return this.inner.put(key, body.pipe(seen));
  }
  get(key: string) {
    return this.inner.get(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

test('an engine failure after bytes reached storage fails the job; no partial object, no temp file', async () => {
  const inner = new LocalExportStorage(join(t.dataDir, 'exports'), MasterKey.loadOrCreate(t.dataDir));
  const storage = new CountingStorage(inner);
  const { metadata, security, tenants } = t.services;
  const analytics = failingAfterWrite(t.services.analytics, storage);
  const service = openExports({ dataDir: t.dataDir, metadata, analytics, security, tenants, storage, config: t.services.config.exports });
  try {
    const job = await service.create({
      tenantId: tenant.id,
      createdBy: 'test',
      principal: { kind: 'service', role: 'Admin' },
      query: countByTest(),
      format: 'csv',
    });
    await service.idle();
    const after = await service.require(tenant.id, job.id);
    assert.equal(after.status, 'failed');
    assert.ok(after.error, 'the failure is recorded (shown to users as an internal error)');
    const dir = dirname(inner.pathOf(job.storageKey));
    assert.deepEqual(existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(job.id)) : [], [], 'partial object removed');
    const tmp = exportTempDir(t.dataDir);
    assert.deepEqual(existsSync(tmp) ? readdirSync(tmp).filter((n) => n.includes(job.id)) : [], [], 'temp file removed');
  } finally {
    await service.close();
  }
});
