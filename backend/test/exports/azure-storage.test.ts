/**
 * Azure Blob Storage against Microsoft's Azurite server (child process,
 * in memory): the store's put/get/delete with staged blocks and
 * tenant-prefixed names, the whole HTTP flow with EXPORT_STORAGE=azure
 * (signed link download, delete), and the settings checked at boot.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ConfigError, loadConfig } from '../../src/config/load.ts';
import { AzureExportStorage } from '../../src/exports/storage/azure-storage.ts';
import type { Fixture } from '../queries/fixture.ts';
import { startAzurite, type Azurite } from './azurite.ts';
import { bearer, countByTest, createExport, download, finished, FORMULA_NAMES, lazyChunks, startExportFixture } from './helpers.ts';

let azurite: Azurite;
let container: ContainerClient;
let f: Fixture;

before(async () => {
  azurite = await startAzurite();
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('exports');
  await container.create();
  f = await startExportFixture({
    SEMANTEST_EXPORT_STORAGE: 'azure',
    SEMANTEST_EXPORT_AZURE_CONNECTION_STRING: azurite.connectionString,
    SEMANTEST_EXPORT_AZURE_CONTAINER: 'exports',
    SEMANTEST_EXPORT_AZURE_PREFIX: 'semantest/',
  });
});
after(async () => {
  await f?.t.close();
  await azurite?.stop();
});

const names = async (prefix: string) => {
  const out: [string, number | undefined][] = [];
  for await (const b of container.listBlobsFlat({ prefix })) out.push([b.name, b.properties.contentLength]);
  return out;
};

test('store put/get/delete: staged blocks, tenant-prefixed names, encrypted server-side', async () => {
  const store = new AzureExportStorage({ connectionString: azurite.connectionString, container: 'exports', prefix: 'direct/' });
  const tenant = '11111111-2222-3333-4444-555555555555';
  const key = `${tenant}/exports/66666666-7777-8888-9999-000000000000.csv`;
  const data = lazyChunks('y');
  const { bytes } = await store.put(key, data.stream());
  assert.equal(bytes, data.bytes);
  assert.deepEqual(await names(`direct/${tenant}/exports/`), [[`direct/${key}`, bytes]]);
  const blob = container.getBlockBlobClient(`direct/${key}`);
  assert.equal((await blob.getBlockList('committed')).committedBlocks?.length, 3);
  const props = await blob.getProperties();
  assert.equal(props.isServerEncrypted, true, 'Azure encrypts every blob at rest');
  const back = await text(await store.get(key));
  assert.equal(back.length, bytes);
  await store.delete(key);
  await store.delete(key); // idempotent
  await assert.rejects(store.get(key));
  await assert.rejects(store.put('../etc/passwd', Readable.from([])), /invalid export storage key/);
});

test('an export job over HTTP lands in the container and downloads through a signed link', async () => {
  const h = bearer(f.acme.keys.admin);
  const r = await createExport(f.t, h, {
    query: countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] }),
    format: 'csv',
    compression: 'gzip',
  });
  const job = await finished(f.t, h, r.json().id);
  assert.equal(job.status, 'succeeded', job.error ?? '');
  const listed = await names(`semantest/${f.acme.id}/`);
  assert.deepEqual(listed.map(([n]) => n), [`semantest/${f.acme.id}/exports/${job.id}.r1.csv.gz`]);
  const d = await download(f.t, h, job.id);
  assert.equal(d.statusCode, 200);
  const { gunzipSync } = await import('node:zlib');
  const csv = gunzipSync(d.rawPayload).toString();
  assert.equal(csv.trim().split('\n').length, 1 + FORMULA_NAMES.length);
  assert.ok(csv.includes(`"'=HYPERLINK`), 'formula neutralised');
  assert.equal((await f.t.app.inject({ method: 'DELETE', url: `/api/v1/exports/${job.id}`, headers: h })).statusCode, 204);
  assert.deepEqual(await names(`semantest/${f.acme.id}/`), []);
});

test('azure settings are checked at boot, without echoing the secret', () => {
  const env = { DATA_DIR: '/tmp/unused', SEMANTEST_EXPORT_STORAGE: 'azure' };
  assert.throws(() => loadConfig({ ...env, SEMANTEST_EXPORT_AZURE_CONNECTION_STRING: azurite.connectionString }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /exports\.azureContainer/);
    return true;
  });
  const secret = 'AccountName=x;Password=hunter2-secret';
  assert.throws(
    () => loadConfig({ ...env, SEMANTEST_EXPORT_AZURE_CONTAINER: 'exports', SEMANTEST_EXPORT_AZURE_CONNECTION_STRING: secret }),
    (e: unknown) => e instanceof ConfigError && /azureConnectionString/.test(e.message) && !e.message.includes('hunter2')
  );
  assert.throws(
    () => loadConfig({ ...env, SEMANTEST_EXPORT_AZURE_CONTAINER: 'Bad_Name', SEMANTEST_EXPORT_AZURE_CONNECTION_STRING: azurite.connectionString }),
    (e: unknown) => e instanceof ConfigError && /azureContainer/.test(e.message)
  );
  const ok = loadConfig({ ...env, SEMANTEST_EXPORT_AZURE_CONTAINER: 'exports', SEMANTEST_EXPORT_AZURE_CONNECTION_STRING: azurite.connectionString });
  assert.equal(ok.exports.storage, 'azure');
});
