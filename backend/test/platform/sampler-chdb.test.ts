/**
 * The platform sampler end to end on chDB: real ingestion and queries through
 * the HTTP API, one sampler tick (called directly, the timer is off), then the
 * samples read back through POST /api/v1/query — by an admin of each tenant
 * (own figures only) and refused for a Viewer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, query, countBy, bearer, grafanaUser, RANGE, type Fixture } from '../queries/fixture.ts';

let f: Fixture;
before(async () => {
  f = await startFixture({ SEMANTEST_PLATFORM_SAMPLE_SECONDS: '0' });
  // One ordinary query of acme, so the interval has a query latency.
  const r = await query(f.t, bearer(f.acme.keys.query), { queries: [countBy('project')], range: RANGE });
  assert.equal(r.json().results.A.status, 200);
  await f.t.services.platform.tick({ storage: true });
});
after(() => f.t.close());

const around = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
const platformQuery = { version: 1, refId: 'P', dataset: 'platform', metrics: [{ fn: 'max', field: 'value' }], groupBy: ['metric'], shape: 'table' };

async function samples(headers: Record<string, string>): Promise<{ status: number; code?: string; byMetric: Record<string, number> }> {
  const r = await query(f.t, headers, { queries: [platformQuery], range: around() });
  assert.equal(r.statusCode, 200);
  const p = r.json().results.P as { status: number; error?: { code: string }; frames: { data: { values: unknown[][] } }[] };
  const byMetric: Record<string, number> = {};
  const [names = [], values = []] = p.frames[0]?.data.values ?? [];
  names.forEach((n, i) => (byMetric[String(n)] = Number(values[i])));
  return { status: p.status, ...(p.error ? { code: p.error.code } : {}), byMetric };
}

test('an admin reads its tenant’s ingest, query and storage samples', async () => {
  const acme = await samples(bearer(f.acme.keys.admin));
  assert.equal(acme.status, 200);
  const m = acme.byMetric;
  assert.equal(m.rows_ingested, 7, 'the 7 results of acme’s 3 runs');
  assert.equal(m.batches, 3, 'each sequential upload was its own batch');
  assert.ok(m.batch_latency_max_ms! > 0 && m.batch_latency_p50_ms! <= m.batch_latency_max_ms!);
  assert.equal(m.queue_depth_rows, 0, 'every upload was settled before the tick');
  assert.equal(m.queries, 1);
  assert.equal(m.query_errors, 0);
  assert.ok(m.query_latency_p95_ms! > 0);
  assert.equal(m.rows_stored, 10, '7 result rows + 3 run rows');
  assert.ok(m.bytes_on_disk_est! > 0);
});

test('`last` reads the latest sample of a gauge', async () => {
  await f.t.services.platform.tick({ storage: true });
  await ingestOneMore();
  await f.t.services.platform.tick({ storage: true });
  const r = await query(f.t, bearer(f.acme.keys.admin), { range: around(), queries: [{
    version: 1, refId: 'L', dataset: 'platform', metrics: [{ fn: 'last', field: 'value' }, { fn: 'min', field: 'value' }],
    filters: [{ field: 'metric', op: '=', value: 'rows_stored' }], shape: 'table',
  }] });
  const l = r.json().results.L as { status: number; frames: { data: { values: unknown[][] } }[] };
  assert.equal(l.status, 200, JSON.stringify(l));
  const [last, min] = l.frames[0]!.data.values.map((c) => Number(c[0]));
  assert.equal(min, 10);
  assert.equal(last, 12, 'one more run with one result: 10 + 1 result + 1 run row');
});

async function ingestOneMore(): Promise<void> {
  const run = { runId: 'a4', project: 'web', branch: 'main', environment: 'prod', startedAt: '2026-11-22T10:00:00Z', finishedAt: '2026-11-22T10:01:00Z', results: [{ suite: 'login', name: 'login ok', status: 'passed', durationMs: 5 }] };
  const r = await f.t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(f.acme.keys.ingest), payload: run });
  assert.equal(r.statusCode, 201, r.body);
}

test('each tenant sees only its own samples', async () => {
  const globex = await samples(grafanaUser(f.globex.keys.grafana, 3, 'gina', 'Admin'));
  assert.equal(globex.status, 200);
  assert.equal(globex.byMetric.rows_ingested, 2);
  assert.equal(globex.byMetric.rows_stored, 3);
  assert.equal(globex.byMetric.queries, 0);
});

test('a Viewer is refused the platform dataset', async () => {
  const viewer = await samples(grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer'));
  assert.equal(viewer.status, 403);
  assert.equal(viewer.code, 'QUERY_FORBIDDEN_DATASET');
  assert.deepEqual(viewer.byMetric, {});
});

test('each tick counts only its own interval', async () => {
  await f.t.services.platform.tick();
  const rows = await f.t.services.analytics.query<{ metric: string; value: number }>(
    `SELECT metric, value FROM platform_metrics WHERE tenant_id = {t:String} AND metric = 'rows_ingested' ORDER BY ts`, { t: f.acme.id });
  assert.deepEqual(rows.map((r) => Number(r.value)), [7, 0, 1, 0]);
});
