/**
 * Ingest throughput: results/s through the full HTTP path (JSON batches of
 * 1,000 results; JUnit files of ~500 test cases) against a raw chDB insert of
 * the same rows in the same process. Interleaved A/B/C rounds; medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../backend/src/config/load.ts';
import { openServices } from '../backend/src/services.ts';
import { buildApp } from '../backend/src/app.ts';
import { buildRunRows } from '../backend/src/ingest/rows.ts';
import { jsonToReport } from '../backend/src/ingest/json-run.ts';
import { syntheticCatalog, syntheticRun } from '../backend/src/demo/synthetic-ci.ts';
import { median, peakRssMb, type Benchmark } from './lib/result.ts';

const CONCURRENCY = 8;

function jsonBody(i: number, size: number): string {
  const results = Array.from({ length: size }, (_, k) => ({
    suite: `suite-${k % 20}`,
    name: `test ${k} handles case ${i % 7}`,
    className: `com.acme.Suite${k % 20}`,
    file: `src/test/Suite${k % 20}.java`,
    status: k % 17 === 0 ? 'failed' : k % 29 === 0 ? 'skipped' : 'passed',
    durationMs: (k * 37) % 900,
    ...(k % 17 === 0 ? { error: { type: 'AssertionError', message: `expected ${k} to equal ${k + 1}`, stack: `at Suite${k % 20}.test(Suite.java:${k})` } } : {}),
  }));
  return JSON.stringify({ runId: `bench-json-${i}`, project: 'bench', branch: 'main', environment: 'ci', results });
}

function junitBody(i: number, size: number): string {
  const cases = Array.from({ length: size }, (_, k) =>
    `<testcase classname="com.acme.Suite${k % 20}" name="test ${k} case ${i % 7}" time="${((k * 37) % 900) / 1000}">${k % 17 === 0 ? `<failure message="expected ${k}" type="AssertionError">at Suite.java:${k}</failure>` : ''}</testcase>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><testsuites><testsuite name="bench" tests="${size}">${cases}</testsuite></testsuites>`;
}

async function pool<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const bench: Benchmark = async ({ full }) => {
  const reps = full ? 5 : 3;
  const requestsPerRound = full ? 100 : 30;
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-bench-ingest-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEMANTEST_DEMO: 'false', LOG_LEVEL: 'silent', SEMANTEST_TENANT_RPS: '100000', SEMANTEST_TENANT_BURST: '100000' });
  const services = await openServices(config);
  const app = await buildApp({ services });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await services.tenants.create({ slug: 'bench' });
  const tenant = await services.tenants.getBySlug('bench');
  const key = (await services.keys.create('bench', 'ingest')).key;
  const headers = { authorization: `Bearer ${key}` };

  const jsonRates: number[] = [];
  const junitRates: number[] = [];
  const rawRates: number[] = [];
  let seq = 0;
  for (let rep = 0; rep < reps; rep++) {
    // A: HTTP JSON, 1,000 results per request
    const jsonBodies = Array.from({ length: requestsPerRound }, () => jsonBody(seq++, 1000));
    let t = performance.now();
    await pool(jsonBodies, async (body) => {
      const res = await fetch(`${base}/api/v1/runs`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      if (res.status !== 201) throw new Error(`json upload: ${res.status} ${await res.text()}`);
    });
    jsonRates.push((requestsPerRound * 1000) / ((performance.now() - t) / 1000));

    // B: HTTP JUnit files of 500 test cases
    const junitBodies = Array.from({ length: requestsPerRound }, () => junitBody(seq++, 500));
    t = performance.now();
    await pool(junitBodies.map((b, i) => ({ b, i })), async ({ b }) => {
      const res = await fetch(`${base}/api/v1/uploads?format=junit&runId=bench-junit-${seq++}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body: b });
      if (res.status !== 201) throw new Error(`junit upload: ${res.status} ${await res.text()}`);
    });
    junitRates.push((requestsPerRound * 500) / ((performance.now() - t) / 1000));

    // C: raw chDB insert of the same kind of rows, prepared outside the timed region,
    // in 50k-row inserts (the queue's default batch size).
    const catalog = syntheticCatalog(rep);
    const prepared: string[] = [];
    for (let i = 0; prepared.length < requestsPerRound * 1000; i++) {
      const r = syntheticRun(catalog, 'web', new Date(), rep * 1e6 + i, 0.5);
      const lines = buildRunRows({ tenantId: tenant.id, retentionDays: 30, runId: `raw-${rep}-${i}`, contentHash: 'x', meta: r.meta, report: jsonToReport(r.results, r.perf), now: new Date() }).resultLines;
      prepared.push(...lines);
    }
    prepared.length = requestsPerRound * 1000;
    const chunks: Buffer[] = [];
    for (let i = 0; i < prepared.length; i += 50_000) chunks.push(Buffer.from(prepared.slice(i, i + 50_000).join('\n')));
    t = performance.now();
    for (const chunk of chunks) await services.analytics.insertJsonEachRow('test_results', chunk);
    rawRates.push(prepared.length / ((performance.now() - t) / 1000));
  }

  await app.close();
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
  const json = median(jsonRates);
  const junit = median(junitRates);
  const raw = median(rawRates);
  return {
    benchmark: 'ingest',
    repetitions: reps,
    metrics: {
      http_json_results_per_s: Math.round(json),
      http_junit_results_per_s: Math.round(junit),
      raw_insert_results_per_s: Math.round(raw),
      peak_rss_mb: peakRssMb(),
    },
    ratios: { http_json_vs_raw_insert: Number((json / raw).toFixed(3)), http_junit_vs_raw_insert: Number((junit / raw).toFixed(3)) },
    targets: { http_json_vs_raw_insert: { min: 0.5 }, http_junit_vs_raw_insert: { min: 0.3 } },
    notes: [
      `${requestsPerRound} requests per round, ${CONCURRENCY} concurrent clients in the same process, interleaved A/B/C`,
      'raw baseline: pre-built JSONEachRow rows inserted in 50k-row blocks into the same chDB session',
    ],
  };
};

export default bench;
