/**
 * The synchronous key hit path (KeyService.authenticateCached, used by the auth hook): it answers
 * exactly what authenticate() answered, only within the cache's fresh window, and never after a
 * revocation, whether made through this process (at once) or by another replica (bounded).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PgliteDb } from '../../src/storage/metadata/pglite-db.ts';
import { migrateMetadata } from '../../src/storage/metadata/migrate.ts';
import { TenantService } from '../../src/tenancy/tenants.ts';
import { KeyService } from '../../src/tenancy/keys.ts';
import { AppError } from '../../src/errors/app-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'semantest-key-hot-'));
let db: PgliteDb;
let tenants: TenantService;

before(async () => {
  db = await PgliteDb.open(dir);
  await migrateMetadata(db);
  tenants = new TenantService(db);
  await tenants.create({ slug: 'acme' });
});
after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const revokedBy = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

test('a key is answered synchronously only after authenticate() loaded it, with the same context', async () => {
  const keys = new KeyService(db, tenants, { cacheTtlMs: 60_000, lastUsedResolutionMs: 60_000 });
  const { key } = await keys.create('acme', 'query');
  assert.equal(keys.authenticateCached(key), undefined);
  const ctx = await keys.authenticate(key);
  assert.equal(keys.authenticateCached(key), ctx);
  // Malformed and unknown secrets never hit: authenticate() owns their errors.
  assert.equal(keys.authenticateCached('not-a-key'), undefined);
  assert.equal(keys.authenticateCached(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')), undefined);
});

test('revoking through this process stops the synchronous path at once', async () => {
  const keys = new KeyService(db, tenants, { cacheTtlMs: 60_000, lastUsedResolutionMs: 60_000 });
  const { key, info } = await keys.create('acme', 'query');
  await keys.authenticate(key);
  await keys.revoke('acme', info.id);
  assert.equal(keys.authenticateCached(key), undefined);
  await assert.rejects(keys.authenticate(key), revokedBy('AUTH_KEY_REVOKED'));
});

test('a load that began before a revocation does not put the key back on the synchronous path', async () => {
  const keys = new KeyService(db, tenants, { cacheTtlMs: 60_000, lastUsedResolutionMs: 60_000 });
  const { key, info } = await keys.create('acme', 'query');
  const loading = keys.authenticate(key).catch(() => undefined);
  await keys.revoke('acme', info.id);
  await loading;
  assert.equal(keys.authenticateCached(key), undefined);
});

test('a revocation by another replica is served at most half the cache TTL by the synchronous path', async () => {
  const keys = new KeyService(db, tenants, { cacheTtlMs: 40, lastUsedResolutionMs: 60_000 });
  const { key, info } = await keys.create('acme', 'query');
  await keys.authenticate(key);
  // Another process revokes: no invalidation reaches this one.
  await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [info.id]);
  await sleep(30); // past cacheTtlMs / 2 since the load began
  assert.equal(keys.authenticateCached(key), undefined);
  await sleep(30); // past cacheTtlMs: the async path reloads and refuses
  await assert.rejects(keys.authenticate(key), revokedBy('AUTH_KEY_REVOKED'));
});

test('with the cache off (TTL 0) nothing is answered synchronously', async () => {
  const keys = new KeyService(db, tenants, { cacheTtlMs: 0, lastUsedResolutionMs: 0 });
  const { key } = await keys.create('acme', 'query');
  await keys.authenticate(key);
  assert.equal(keys.authenticateCached(key), undefined);
});

test('the synchronous path still records last use (at the configured resolution)', async () => {
  const keys = new KeyService(db, tenants, { cacheTtlMs: 60_000, lastUsedResolutionMs: 0 });
  const { key, info } = await keys.create('acme', 'query');
  await keys.authenticate(key);
  await db.query('UPDATE api_keys SET last_used_at = NULL WHERE id = $1', [info.id]);
  assert.ok(keys.authenticateCached(key));
  // The write is best effort and not awaited by the request: poll the store for it.
  let lastUsed: unknown = null;
  for (let i = 0; i < 100 && lastUsed === null; i++) {
    await sleep(10);
    lastUsed = (await db.query<{ last_used_at: unknown }>('SELECT last_used_at FROM api_keys WHERE id = $1', [info.id]))[0]!.last_used_at;
  }
  assert.notEqual(lastUsed, null);
});
