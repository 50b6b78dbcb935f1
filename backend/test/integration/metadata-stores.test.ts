/**
 * The metadata services on both engines: PGlite (embedded) and a PostgreSQL
 * server (PG_TEST_URL, started by .ci/test-all.sh). Without PG_TEST_URL the
 * PostgreSQL half fails rather than skips, so CI cannot pass silently without it.
 */
import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { MetadataDb } from '../../src/storage/metadata/driver.ts';
import { PgliteDb } from '../../src/storage/metadata/pglite-db.ts';
import { PostgresDb } from '../../src/storage/metadata/postgres-db.ts';
import { migrateMetadata } from '../../src/storage/metadata/migrate.ts';
import { TenantService } from '../../src/tenancy/tenants.ts';
import { KeyService } from '../../src/tenancy/keys.ts';
import { AppError } from '../../src/errors/app-error.ts';

async function freshPostgres(): Promise<{ db: MetadataDb; drop: () => Promise<void> }> {
  const url = process.env.PG_TEST_URL;
  if (!url) throw new Error('PG_TEST_URL is not set: run the suite through .ci/test-all.sh, which starts PostgreSQL');
  const name = `semantest_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await PostgresDb.open(url.replace(/\/[^/]*$/, `/${name}`));
  return {
    db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE ${name}`);
      await c.end();
    },
  };
}

async function freshPglite(): Promise<{ db: MetadataDb; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-pglite-'));
  const db = await PgliteDb.open(dir);
  return { db, drop: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
}

for (const [engine, open] of [['PGlite', freshPglite], ['PostgreSQL server', freshPostgres]] as const) {
  describe(`metadata on ${engine}`, () => {
    let store: { db: MetadataDb; drop: () => Promise<void> };
    let tenants: TenantService;
    let keys: KeyService;
    before(async () => {
      store = await open();
      tenants = new TenantService(store.db);
      keys = new KeyService(store.db, tenants, { cacheTtlMs: 0, lastUsedResolutionMs: 0 });
    });
    after(() => store.drop());

    test('migrations apply once and are idempotent', async () => {
      const first = await migrateMetadata(store.db);
      assert.ok(first.includes('0001_tenants_and_keys.sql'));
      assert.deepEqual(await migrateMetadata(store.db), []);
    });

    test('tenants: create, unique slug and org, validation', async () => {
      const t = await tenants.create({ slug: 'acme', grafanaOrgId: 2, retentionDays: 90 });
      assert.equal(t.grafanaOrgId, 2);
      await assert.rejects(tenants.create({ slug: 'acme' }), (e: AppError) => e.code === 'TENANT_EXISTS');
      await assert.rejects(tenants.create({ slug: 'other', grafanaOrgId: 2 }), (e: AppError) => e.code === 'TENANT_EXISTS');
      await assert.rejects(tenants.create({ slug: 'Bad Slug' }), (e: AppError) => e.code === 'VALIDATION_FAILED');
      assert.deepEqual((await tenants.list()).map((x) => x.slug), ['acme']);
      assert.equal((await tenants.update('acme', { retentionDays: 30 })).retentionDays, 30);
    });

    test('keys: hashed, authenticate, revoke, wrong secret', async () => {
      const { key, info } = await keys.create('acme', 'grafana', 'dashboards');
      const ctx = await keys.authenticate(key);
      assert.equal(ctx.tenant.slug, 'acme');
      assert.equal(ctx.key.kind, 'grafana');
      const rows = await store.db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_keys');
      assert.ok(rows.every((r) => r.secret_hash !== key));
      await keys.revoke('acme', info.id);
      await assert.rejects(keys.authenticate(key), (e: AppError) => e.code === 'AUTH_KEY_REVOKED');
      await assert.rejects(keys.authenticate(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')), (e: AppError) => e.code === 'AUTH_INVALID_KEY');
      await assert.rejects(keys.create('acme', 'superuser'), (e: AppError) => e.code === 'VALIDATION_FAILED');
    });

    test('a failed transaction leaves nothing behind', async () => {
      await assert.rejects(
        store.db.transaction(async (tx) => {
          await tenants.create({ slug: 'half' }, tx);
          throw new Error('boom');
        }),
      );
      assert.ok(!(await tenants.list()).some((t) => t.slug === 'half'));
    });
  });
}
