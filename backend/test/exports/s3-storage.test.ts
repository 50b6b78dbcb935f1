/**
 * S3-compatible storage against a real S3 server (s3rver, in process, on
 * 127.0.0.1 with a temp directory): the whole HTTP flow with
 * EXPORT_STORAGE=s3, plus the store's own put/get/delete.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3ExportStorage } from '../../src/exports/storage/s3-storage.ts';
import type { Fixture } from '../queries/fixture.ts';
import { bearer, countByTest, createExport, download, finished, FORMULA_NAMES, lazyChunks, startExportFixture } from './helpers.ts';

let server: S3rver;
let dir: string;
let endpoint: string;
let f: Fixture;
const client = () => ({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'semantest-s3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'exports', configs: [] }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  // The AWS SDK reads credentials from its default chain (each test file is its own process).
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
  f = await startExportFixture({
    SEMANTEST_EXPORT_STORAGE: 's3',
    SEMANTEST_EXPORT_S3_BUCKET: 'exports',
    SEMANTEST_EXPORT_S3_ENDPOINT: endpoint,
    SEMANTEST_EXPORT_S3_FORCE_PATH_STYLE: 'true',
    SEMANTEST_EXPORT_S3_PREFIX: 'semantest/',
  });
});
after(async () => {
  await f.t.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('store put/get/delete round-trips through multipart upload with tenant-prefixed keys', async () => {
  const store = new S3ExportStorage({ bucket: 'exports', prefix: 'direct/', client: client() });
  const tenant = '11111111-2222-3333-4444-555555555555';
  const key = `${tenant}/exports/66666666-7777-8888-9999-000000000000.csv`;
  const data = lazyChunks('x');
  const { bytes } = await store.put(key, data.stream());
  assert.equal(bytes, data.bytes);
  const listed = await new S3Client(client()).send(
    new ListObjectsV2Command({ Bucket: 'exports', Prefix: `direct/${tenant}/exports/` })
  );
  assert.deepEqual(
    listed.Contents?.map((o) => [o.Key, o.Size]),
    [[`direct/${key}`, bytes]]
  );
  const back = await text(await store.get(key));
  assert.equal(back.length, bytes);
  await store.delete(key);
  await assert.rejects(store.get(key));
  await assert.rejects(store.put('../etc/passwd', Readable.from([])), /invalid export storage key/);
  store.close();
});

test('an export job over HTTP lands in S3 and downloads through a signed link', async () => {
  const h = bearer(f.acme.keys.admin);
  const r = await createExport(f.t, h, {
    query: countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] }),
    format: 'csv',
  });
  const job = await finished(f.t, h, r.json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  const listed = await new S3Client(client()).send(
    new ListObjectsV2Command({ Bucket: 'exports', Prefix: `semantest/${f.acme.id}/exports/` })
  );
  assert.deepEqual(
    listed.Contents?.map((o) => o.Key),
    [`semantest/${f.acme.id}/exports/${job.id}.r1.csv`]
  );
  const d = await download(f.t, h, job.id);
  assert.equal(d.statusCode, 200);
  assert.equal(d.body.trim().split('\n').length, 1 + FORMULA_NAMES.length);
  assert.ok(d.body.includes(`"'=HYPERLINK`));
  assert.equal(
    (await f.t.app.inject({ method: 'DELETE', url: `/api/v1/exports/${job.id}`, headers: h })).statusCode,
    204
  );
  const after = await new S3Client(client()).send(
    new ListObjectsV2Command({ Bucket: 'exports', Prefix: `semantest/${f.acme.id}/` })
  );
  assert.equal(after.Contents?.length ?? 0, 0);
});
