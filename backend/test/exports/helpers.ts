/**
 * Shared pieces for export tests: the two-tenant query fixture plus an acme
 * run whose test names are spreadsheet formulas, and small API helpers.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { TestApp } from '../helpers/test-app.ts';
import { bearer, startFixture, type Fixture } from '../queries/fixture.ts';

export const FORMULA_NAMES = ['=HYPERLINK("http://evil")', '+1+2', '-3-4', '@SUM(A1)', '\tTAB', 'plain name'];

export async function startExportFixture(env: Record<string, string> = {}): Promise<Fixture> {
  const f = await startFixture(env);
  const run = {
    runId: 'formulas',
    project: 'sheet',
    branch: 'main',
    environment: 'prod',
    startedAt: '2026-11-22T10:00:00Z',
    finishedAt: '2026-11-22T10:01:00Z',
    results: FORMULA_NAMES.map((name) => ({ suite: 'cells', name, status: 'passed', durationMs: 5 })),
  };
  const r = await f.t.app.inject({
    method: 'POST',
    url: '/api/v1/runs',
    headers: bearer(f.acme.keys.ingest),
    payload: run,
  });
  assert.equal(r.statusCode, 201, r.body);
  return f;
}

export const countByTest = (extra: Record<string, unknown> = {}) => ({
  version: 1,
  dataset: 'results',
  metrics: [{ fn: 'count' }],
  groupBy: ['test'],
  shape: 'table',
  ...extra,
});

export async function createExport(t: TestApp, headers: Record<string, string>, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/exports', headers, payload: body });
}

/** Waits for the job's background run, then reads it back. */
export async function finished(t: TestApp, headers: Record<string, string>, id: string) {
  await t.services.exports.idle();
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${id}`, headers });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as {
    id: string;
    status: string;
    rowsWritten: number;
    rowsEstimated: number | null;
    bytes: number | null;
    error: string | null;
  };
}

/** Asks for a signed link and downloads through it (path only; inject has no host). */
export async function download(t: TestApp, headers: Record<string, string>, id: string) {
  const u = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${id}/download-url`, headers });
  assert.equal(u.statusCode, 200, u.body);
  const { url } = u.json() as { url: string; expiresAt: string };
  return t.app.inject({ method: 'GET', url: new URL(url).pathname });
}

export { bearer };

/**
 * `n` passing final results of one run in the tenant, generated inside the engine.
 * `project` and `nameSql` (a SQL expression over `number`) are test constants, never input.
 */
export async function seedPassingResults(t: TestApp, tenantId: string, n: number, project: string, nameSql: string) {
  await t.services.analytics.command(
    `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'r1', {p:String}, 's', toString(number), ${nameSql}, 'passed', 1, 1, number % 1000, now64(3), 365
     FROM numbers({n:UInt64})`,
    { t: tenantId, p: project, n }
  );
}

/** 9 MiB in 64 KiB chunks of `fill`, produced lazily: several upload parts/blocks. */
export function lazyChunks(fill: string) {
  const chunk = Buffer.alloc(64 * 1024, fill);
  const count = 144;
  return {
    bytes: count * chunk.length,
    stream: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < count; i++) yield chunk;
        })()
      ),
  };
}
