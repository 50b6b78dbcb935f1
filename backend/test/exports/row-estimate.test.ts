/**
 * The export's cheap row estimate (row-estimate.ts) against the exact row
 * count of the compiled export query, on chDB with two tenants: within a few
 * percent, with the tenant guard, row policies and masking of the export.
 * Then through a job: progress never reads above the estimate, and the final
 * rows are exact (also for CSV values holding newlines).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { compileQuery, type CompileContext } from '../../src/query/index.ts';
import { exportSql } from '../../src/exports/export-sql.ts';
import { rowEstimate } from '../../src/exports/row-estimate.ts';
import type { ExportProgressEvent } from '../../src/exports/types.ts';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runExport } from '../../src/exports/export-runner.ts';
import { fileExtension } from '../../src/exports/formats.ts';
import { exportKey } from '../../src/exports/storage/export-storage.ts';
import { LocalExportStorage } from '../../src/exports/storage/local-storage.ts';
import { MasterKey } from '../../src/exports/master-key.ts';
import type { ExportJob } from '../../src/exports/types.ts';
import { countByTest } from './helpers.ts';

const ROWS = 150_000;
let t: TestApp;
let a: Awaited<ReturnType<TestApp['tenant']>>;
let b: Awaited<ReturnType<TestApp['tenant']>>;

const ctx = (tenantId: string, extra: Partial<CompileContext> = {}): CompileContext => ({
  tenantId,
  principal: { kind: 'service', role: 'Admin' },
  policies: [],
  maskingRules: [],
  tenantSettings: { denyByDefault: false, maskingKey: 'k'.repeat(32) },
  now: new Date(),
  ...extra,
});

before(async () => {
  t = await startTestApp();
  a = await t.tenant('estimate-a');
  b = await t.tenant('estimate-b');
  // Tenant a: 100k distinct names over 4 projects and 3 statuses, hours apart; b: other names.
  const insert = `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'r1', concat('p', toString(number % 4)), 's', toString(number % {k:UInt64}), concat({prefix:String}, toString(number % {k:UInt64})),
            ['passed', 'failed', 'skipped'][1 + number % 3], 1, 1, number % 1000,
            toDateTime64('2026-11-20 00:00:00', 3) + toIntervalSecond(number % 86400), 365
     FROM numbers({n:UInt64})`;
  await t.services.analytics.command(insert, { t: a.id, k: 100_000, prefix: 'test-', n: ROWS });
  await t.services.analytics.command(insert, { t: b.id, k: 50_000, prefix: 'other-', n: 60_000 });
});
after(() => t.close());

async function exactRows(query: Record<string, unknown>, c: CompileContext): Promise<number> {
  const plan = exportSql(compileQuery(query, c), 'csv', 100_000_000);
  const [r] = await t.services.analytics.query<{ c: string }>(plan.countSql, plan.params);
  return Number(r!.c);
}

async function estimated(query: Record<string, unknown>, c: CompileContext, limit = 100_000_000, exclude?: string) {
  const e = rowEstimate(query, c, limit, exclude);
  if (e.kind === 'constant') return e.rows;
  const [r] = await t.services.analytics.query<{ c: string }>(e.sql, e.params);
  return Math.min(Number(r!.c), e.cap);
}

const within = (estimate: number, exact: number, pct: number) =>
  assert.ok(Math.abs(estimate - exact) <= (exact * pct) / 100, `estimate ${estimate} vs exact ${exact}`);

test('the estimate is within 3 % of the exact rows for table, multi-key and time-series queries', async () => {
  const queries = [
    countByTest(),
    countByTest({ groupBy: ['test', 'status'] }),
    countByTest({ groupBy: ['project', 'status'], filters: [{ field: 'status', op: '!=', value: 'skipped' }] }),
    {
      version: 1,
      dataset: 'results',
      metrics: [{ fn: 'count' }],
      groupBy: ['project'],
      shape: 'timeseries_long',
      intervalMs: 3_600_000,
      timeRange: { from: '2026-11-20T00:00:00Z', to: '2026-11-20T12:00:00Z' },
    },
  ];
  for (const q of queries) {
    const exact = await exactRows(q, ctx(a.id));
    assert.ok(exact > 0);
    within(await estimated(q, ctx(a.id)), exact, 3);
  }
  // Small key sets are counted exactly (the sketch's exact mode).
  assert.equal(await estimated(countByTest({ groupBy: ['project', 'status'] }), ctx(a.id)), 12);
});

test('tenant guard, row policies and masking apply to the estimate as to the export', async () => {
  // b's keys only: a's 100k names are not counted.
  within(await estimated(countByTest(), ctx(b.id)), 50_000, 3);
  const policy = ctx(a.id, {
    principal: { kind: 'user', login: 'ann', role: 'Viewer' },
    policies: [{ id: 'p', name: 'p0 only', condition: [{ field: 'project', op: '=', value: 'p0' }], appliesTo: { everyone: true } }],
  });
  within(await estimated(countByTest(), policy), await exactRows(countByTest(), policy), 3);
  // Names redacted: every key is the same masked value, so the export has one row, and so does the estimate.
  const masked = ctx(a.id, { maskingRules: [{ id: 'm', field: 'name', method: 'redact' }] });
  assert.equal(await exactRows(countByTest(), masked), 1);
  assert.equal(await estimated(countByTest(), masked), 1);
});

test('no group keys is one row; the row limit caps; a pivot field makes no rows', async () => {
  assert.deepEqual(rowEstimate(countByTest({ groupBy: [] }), ctx(a.id), 10), { kind: 'constant', rows: 1 });
  assert.equal(await estimated(countByTest(), ctx(a.id), 1000), 1000);
  assert.equal(await estimated(countByTest({ groupBy: ['project', 'status'] }), ctx(a.id), 1000, 'status'), 4);
});

test('a rows query is estimated as its exact source rows, under policies, capped by the row limit', async () => {
  const rows = (extra: Record<string, unknown> = {}) => ({
    version: 1,
    dataset: 'results',
    shape: 'rows',
    columns: ['started_at', 'test', 'status'],
    ...extra,
  });
  assert.equal(await estimated(rows(), ctx(a.id)), await exactRows(rows(), ctx(a.id)));
  assert.equal(await estimated(rows(), ctx(a.id)), ROWS, "only a's rows");
  const failedOnly = rows({ filters: [{ field: 'status', op: '=', value: 'failed' }] });
  assert.equal(await estimated(failedOnly, ctx(a.id)), ROWS / 3);
  const policy = ctx(a.id, {
    principal: { kind: 'user', login: 'ann', role: 'Viewer' },
    policies: [{ id: 'p', name: 'p0 only', condition: [{ field: 'project', op: '=', value: 'p0' }], appliesTo: { everyone: true } }],
  });
  assert.equal(await estimated(rows(), policy), ROWS / 4);
  assert.equal(await estimated(rows(), ctx(a.id), 1000), 1000);
});

test('a CSV job: progress never passes the estimate, final rows exact, also with multi-line values', async () => {
  // Names holding newlines and quotes: one CSV row spans several lines.
  await t.services.analytics.command(
    `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'r2', 'multi', 's', concat('m', toString(number)), concat('line one\nline "two" ', toString(number)), 'passed', 1, 1, 1, now64(3), 365
     FROM numbers(1000)`,
    { t: b.id }
  );
  const events: ExportProgressEvent[] = [];
  const onProgress = (e: ExportProgressEvent) => events.push(e);
  t.services.exports.on('progress', onProgress);
  try {
    for (const format of ['csv', 'tsv', 'ndjson'] as const) {
      events.length = 0;
      const job = await t.services.exports.create({
        tenantId: b.id,
        createdBy: 'test',
        principal: { kind: 'service', role: 'Admin' },
        query: countByTest(),
        format,
      });
      await t.services.exports.idle();
      const done = await t.services.exports.require(b.id, job.id);
      assert.equal(done.status, 'succeeded', done.error ?? '');
      assert.equal(done.rowsWritten, 51_000, format);
      assert.equal(done.rowsEstimated, 51_000, `${format}: the total is exact once the file is written`);
      const mine = events.filter((e) => e.jobId === job.id);
      assert.ok(mine.some((e) => e.rowsEstimated !== null && e.status === 'running'), 'an estimate before the end');
      for (const e of mine) assert.ok(e.rowsEstimated === null || e.rowsWritten <= e.rowsEstimated, JSON.stringify(e));
    }
  } finally {
    t.services.exports.off('progress', onProgress);
  }
});

test('the named pipe and the temp-file fallback write the same bytes and count the same rows', async () => {
  // Runs after the multi-line test above: tenant b has names holding newlines and quotes.
  const { analytics, tenants } = t.services;
  const security = await t.services.security.load((await tenants.getById(b.id))!);
  const storage = new LocalExportStorage(join(t.dataDir, 'pipe-vs-file'), MasterKey.loadOrCreate(t.dataDir));
  for (const format of ['csv', 'tsv', 'ndjson', 'json'] as const) {
    for (const compression of ['none', 'gzip'] as const) {
      const out: { rows: number; body: Buffer; estimates: number[] }[] = [];
      for (const pipes of [true, false]) {
        const id = randomUUID();
        const job = {
          id,
          tenantId: b.id,
          principal: { kind: 'service', role: 'Admin' },
          query: { version: 1, dataset: 'results', shape: 'rows', columns: ['test', 'status', 'duration_ms'], orderBy: [{ by: 'test', dir: 'asc' }, { by: 'status', dir: 'asc' }, { by: 'duration_ms', dir: 'asc' }] },
          format,
          compression,
          pivot: null,
          rowLimit: 1_000_000,
          storageKey: exportKey(b.id, id, fileExtension(format, compression), 1),
          leaseToken: 1,
        } as unknown as ExportJob;
        const estimates: number[] = [];
        const r = await runExport(job, security, analytics, storage, {
          signal: new AbortController().signal,
          tmpDir: join(t.dataDir, 'tmp'),
          pipes,
          onEstimate: async (n) => void estimates.push(n),
          onRows: () => undefined,
        });
        const chunks: Buffer[] = [];
        for await (const c of await storage.get(job.storageKey)) chunks.push(c as Buffer);
        await storage.delete(job.storageKey);
        out.push({ rows: r.rows, body: Buffer.concat(chunks), estimates });
      }
      const [piped, file] = out as [(typeof out)[0], (typeof out)[0]];
      assert.equal(piped.rows, 61_000, `${format} ${compression}`);
      assert.equal(file.rows, 61_000, `${format} ${compression}`);
      const plain = (x: Buffer) => (compression === 'gzip' ? gunzipSync(x) : x);
      assert.ok(plain(piped.body).equals(plain(file.body)), `${format} ${compression}: same bytes`);
      assert.equal(piped.estimates.at(-1), 61_000, 'the last estimate is the exact rows');
    }
  }
});
