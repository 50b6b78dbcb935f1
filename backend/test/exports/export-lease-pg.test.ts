/**
 * Job leases on one PostgreSQL server (PG_TEST_URL) shared by several export
 * services, each with its own pool: a job whose process died (lease run out)
 * is taken over by exactly one replica and runs to success; a live process's
 * heartbeat keeps its job; out of attempts, the job is failed. Fixed clocks
 * passed to heartbeat()/takeOverExpired(), no timers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { PostgresDb } from '../../src/storage/metadata/postgres-db.ts';
import { openExports } from '../../src/exports/open-exports.ts';
import type { ExportService } from '../../src/exports/export-service.ts';
import { ExportJobStore } from '../../src/exports/job-store.ts';
import { exportKey, type ExportStorage } from '../../src/exports/storage/export-storage.ts';
import { LocalExportStorage } from '../../src/exports/storage/local-storage.ts';
import { MasterKey } from '../../src/exports/master-key.ts';
import { countByTest } from './helpers.ts';
import { scratchDatabase } from './scratch-pg.ts';

const LEASE = 60_000;
let t: TestApp;
let dbs: PostgresDb[] = [];
let b: ExportService;
let c: ExportService;
let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
let tenantId: string;

before(async () => {
  scratch = await scratchDatabase();
  const { url } = scratch;
  t = await startTestApp({}, { DATABASE_URL: url });
  tenantId = (await t.tenant('lease')).id;
  await t.services.analytics.command(
    `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'r', 'p', 's', toString(number), concat('t', toString(number)), 'passed', 1, 1, 1, now64(3), 365 FROM numbers(100)`,
    { t: tenantId }
  );
  dbs = [await PostgresDb.open(url), await PostgresDb.open(url)];
  [b, c] = dbs.map((metadata) => {
    const { analytics, security, tenants, config } = t.services;
    return openExports({ dataDir: t.dataDir, metadata, analytics, security, tenants, config: config.exports, options: { leaseMs: LEASE } });
  }) as [ExportService, ExportService];
});

after(async () => {
  await b?.close();
  await c?.close();
  for (const db of dbs) await db.close();
  await t?.close();
  await scratch?.drop();
});

/** A job as a process that then died leaves it: running (attempts started), lease until `leaseUntil`. */
async function orphan(leaseUntil: Date, attempts = 1) {
  const store = new ExportJobStore(t.services.metadata);
  const id = randomUUID();
  await store.insert({
    id,
    tenantId,
    createdBy: 'test',
    principal: { kind: 'service', role: 'Admin' },
    query: countByTest(),
    format: 'csv',
    compression: 'none',
    rowLimit: 1000,
    storageKey: exportKey(tenantId, id, 'csv'),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    leaseExpiresAt: leaseUntil,
  });
  for (let i = 0; i < attempts; i++) {
    await store.transition(tenantId, id, ['queued', 'running'], 'running');
  }
  return id;
}

test('a dead replica’s job is taken over by exactly one replica and succeeds', async () => {
  const now = new Date();
  const id = await orphan(new Date(now.getTime() + LEASE));
  // Lease still running: nobody takes it.
  assert.deepEqual(await Promise.all([b.takeOverExpired(now), c.takeOverExpired(now)]), [[], []]);
  const later = new Date(now.getTime() + LEASE + 1000);
  const taken = await Promise.all([b, c, b, c].map((s) => s.takeOverExpired(later)));
  const mine = taken.flat().filter((j) => j.id === id);
  assert.equal(mine.length, 1, 'exactly one taker');
  assert.equal(mine[0]!.status, 'queued');
  await Promise.all([b.idle(), c.idle()]);
  const done = await b.require(tenantId, id);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.rowsWritten, 100);
  assert.equal(done.attempts, 2, 'the dead run and the run that took over');
});

test('out of attempts, an orphaned job is failed, not re-run', async () => {
  const now = new Date();
  const id = await orphan(new Date(now.getTime() - 1000), 3);
  const [job] = (await b.takeOverExpired(now)).filter((j) => j.id === id);
  assert.equal(job?.status, 'failed');
  assert.match(job.error ?? '', /^INTERRUPTED: /);
});

/** Holds the upload until released, so the job is running in its process for as long as the test needs. */
function heldStorage(inner: ExportStorage) {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const holding = new Promise<void>((r) => (reached = r));
  const storage: ExportStorage = {
    kind: inner.kind,
    put: async (key: string, body: Readable) => {
      // A real store consumes `body` at once; held, an abort's stream error must not go unheard.
      body.on('error', () => undefined);
      reached();
      await released;
      return inner.put(key, body);
    },
    get: (key) => inner.get(key),
    delete: (key) => inner.delete(key),
  };
  return { storage, release, holding };
}

test('a live replica’s heartbeat keeps its running job from being taken over', async () => {
  const { analytics, security, tenants, config, metadata } = t.services;
  const inner = new LocalExportStorage(join(t.dataDir, 'exports'), MasterKey.loadOrCreate(t.dataDir));
  const held = heldStorage(inner);
  const live = openExports({ dataDir: t.dataDir, metadata, analytics, security, tenants, config: config.exports, storage: held.storage, options: { leaseMs: LEASE } });
  try {
    const job = await live.create({ tenantId, createdBy: 'test', principal: { kind: 'service', role: 'Admin' }, query: countByTest(), format: 'csv' });
    await held.holding;
    const later = new Date(Date.now() + LEASE + 1000);
    await live.heartbeat(later); // renewed until later + LEASE
    const taken = await b.takeOverExpired(new Date(later.getTime() + 1000));
    assert.equal(taken.filter((j) => j.id === job.id).length, 0);
    held.release();
    await live.idle();
    const done = await live.require(tenantId, job.id);
    assert.equal(done.status, 'succeeded', done.error ?? '');
    assert.equal(done.attempts, 1);
  } finally {
    held.release();
    await live.close();
  }
});

/** A service whose upload is held, and the job it is running (first run: fencing token 1). */
async function heldJob() {
  const { analytics, security, tenants, config, metadata } = t.services;
  const inner = new LocalExportStorage(join(t.dataDir, 'exports'), MasterKey.loadOrCreate(t.dataDir));
  const held = heldStorage(inner);
  const service = openExports({ dataDir: t.dataDir, metadata, analytics, security, tenants, config: config.exports, storage: held.storage, options: { leaseMs: LEASE } });
  const job = await service.create({ tenantId, createdBy: 'test', principal: { kind: 'service', role: 'Admin' }, query: countByTest(), format: 'csv' });
  return { inner, held, service, job };
}

test('fencing: a stalled holder whose job was taken over cannot write progress, finish, or publish its file', async () => {
  const { inner, held, service: stalled, job } = await heldJob();
  try {
    assert.equal(job.leaseToken, 1);
    await held.holding; // holder 1 has written its file and stalls before uploading it (no heartbeat)

    const taken = (await b.takeOverExpired(new Date(Date.now() + LEASE + 1000))).filter((j) => j.id === job.id);
    assert.deepEqual(taken.map((j) => [j.status, j.leaseToken]), [['queued', 2]]);
    await b.idle();
    const won = await b.require(tenantId, job.id);
    assert.equal(won.status, 'succeeded', won.error ?? '');
    assert.equal(won.storageKey, exportKey(tenantId, job.id, 'csv', 2));

    // Holder 1's writes name token 1: each is refused.
    const store = new ExportJobStore(t.services.metadata);
    await store.progress(job.id, 1, 999_999);
    await store.setEstimate(job.id, 1, 999_999);
    assert.equal(await store.transition(tenantId, job.id, ['running', 'succeeded'], 'failed', { error: 'late' }, 1), null);
    const renewed = await store.renewLeases([{ id: job.id, token: 1 }], new Date(Date.now() + 10 * LEASE));
    assert.equal(renewed.size, 0);

    // Holder 1 wakes up: it uploads its own object, its finish is refused, the object is deleted.
    held.release();
    await stalled.idle();
    const after = await b.require(tenantId, job.id);
    assert.deepEqual(
      [after.status, after.storageKey, after.rowsWritten, after.rowsEstimated, after.attempts],
      ['succeeded', won.storageKey, 100, 100, 2]
    );
    const dir = join(t.dataDir, 'exports', tenantId, 'exports');
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(job.id)), [`${job.id}.r2.csv`], 'one file: the winner’s');
    const body = await streamText(await inner.get(after.storageKey));
    assert.equal(body.trim().split('\n').length, 101, 'header + 100 rows');
  } finally {
    held.release();
    await stalled.close();
  }
});

test('a heartbeat that finds its lease taken over stops the local run', async () => {
  const { held, service: stalled, job } = await heldJob();
  try {
    await held.holding;
    const later = new Date(Date.now() + LEASE + 1000);
    assert.equal((await c.takeOverExpired(later)).filter((j) => j.id === job.id).length, 1);
    await c.idle();
    await stalled.heartbeat(later); // not renewed: token 1 is stale, so the run is aborted
    held.release();
    await stalled.idle();
    const dir = join(t.dataDir, 'exports', tenantId, 'exports');
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(job.id)), [`${job.id}.r2.csv`]);
    assert.equal((await c.require(tenantId, job.id)).status, 'succeeded');
  } finally {
    held.release();
    await stalled.close();
  }
});

async function streamText(r: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
