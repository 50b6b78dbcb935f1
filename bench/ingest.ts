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
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, peakRssMb, type Benchmark } from './lib/result.ts';

const CONCURRENCY = 16;
const CLIENT = fileURLToPath(new URL('./lib/upload-client.ts', import.meta.url));

/** Runs the load generator in its own process; resolves to results/s. */
function driveAsync(base: string, key: string, mode: 'json' | 'junit', requests: number, size: number, prefix: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, base, key, mode, String(requests), String(size), String(CONCURRENCY), prefix]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator failed: ${stderr}`));
      const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as { elapsedMs: number; failures: number };
      if (out.failures > 0) return reject(new Error(`${out.failures} ${mode} uploads failed`));
      resolve((requests * size) / (out.elapsedMs / 1000));
    });
  });
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

  // Per-stage write time (ms per batch) of each HTTP phase, from the writer's counters.
  type Snap = ReturnType<typeof services.queue.writeTimings>;
  const stageTotals = { json: { batches: 0, ms: {} as Record<string, number> }, junit: { batches: 0, ms: {} as Record<string, number> } };
  const addStages = (mode: 'json' | 'junit', a: Snap, b: Snap) => {
    const tot = stageTotals[mode];
    tot.batches += b.batches - a.batches;
    for (const [k, v] of Object.entries(b.ms)) tot.ms[k] = (tot.ms[k] ?? 0) + v - a.ms[k as keyof Snap['ms']];
  };
  const phase = async (mode: 'json' | 'junit', rep: number) => {
    const before = services.queue.writeTimings();
    const rate = await driveAsync(base, key, mode, requestsPerRound, mode === 'json' ? 1000 : 500, `bench-${mode}-${rep}`);
    addStages(mode, before, services.queue.writeTimings());
    return rate;
  };
  const jsonRates: number[] = [];
  const junitRates: number[] = [];
  const rawRates: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    // A: HTTP JSON, 1,000 results per request; B: HTTP JUnit files of 500 test cases.
    // spawnSync blocks this process, so the server below would starve: run the client
    // asynchronously instead.
    jsonRates.push(await phase('json', rep));
    junitRates.push(await phase('junit', rep));

    // C: raw chDB insert of the same kind of rows, prepared outside the timed region,
    // in 50k-row inserts (the queue's default batch size).
    const catalog = syntheticCatalog(rep);
    const prepared: string[] = [];
    for (let i = 0; prepared.length < requestsPerRound * 1000; i++) {
      const r = syntheticRun(catalog, 'web', new Date(), rep * 1e6 + i, 0.5);
      const lines = buildRunRows({ tenantId: tenant.id, retentionDays: 30, runId: `raw-${rep}-${i}`, contentHash: 'x', meta: r.meta, report: jsonToReport(r.results, r.perf), now: new Date() }).results;
      prepared.push(...lines.toString('utf8').split('\n').slice(0, -1));
    }
    prepared.length = requestsPerRound * 1000;
    const chunks: Buffer[] = [];
    for (let i = 0; i < prepared.length; i += 50_000) chunks.push(Buffer.from(prepared.slice(i, i + 50_000).join('\n')));
    const t = performance.now();
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
      ...Object.fromEntries(
        (['json', 'junit'] as const).flatMap((mode) => {
          const { batches, ms } = stageTotals[mode];
          return [
            [`${mode}_batches`, batches],
            ...Object.entries(ms).map(([stage, total]) => [`${mode}_${stage}_ms_per_batch`, Number((total / Math.max(1, batches)).toFixed(1))]),
          ];
        }),
      ),
    },
    ratios: { http_json_vs_raw_insert: Number((json / raw).toFixed(3)), http_junit_vs_raw_insert: Number((junit / raw).toFixed(3)) },
    targets: { http_json_vs_raw_insert: { min: 0.5 }, http_junit_vs_raw_insert: { min: 0.3 } },
    notes: [
      `${requestsPerRound} requests per round from ${CONCURRENCY} concurrent clients in a separate load-generator process, interleaved A/B/C`,
      'raw baseline: pre-built JSONEachRow rows inserted in 50k-row blocks into the same chDB session',
      '<mode>_<stage>_ms_per_batch: wall time per write stage of the server\'s batches: check and journal = how long the batch waited for its existence answers and its journal cover (both taken in the background when runs are queued, and waited for together), then the results/perf/runs inserts, then commit (releasing the journal cover); a batch\'s runs insert (its commit markers) overlaps the next batch\'s results insert, so the stages no longer add up to the time per batch',
      'the server inserts results on the driver\'s connection and commits markers and looks runs up on two more connections (lanes) to the same engine, because chDB runs one statement at a time per connection; the raw baseline is one sequential stream of 50k-row inserts on the driver\'s connection',
    ],
  };
};

export default bench;
