/**
 * Freshness: time from sending an upload to its `batch` event arriving on
 * /api/v1/stream, at several upload rates, with the configured batch age.
 * The budget (1 s) is the baseline: ratio = p95 latency / 1 s (target ≤ 1).
 * Uploader and subscriber run in the server's process so both ends read one
 * clock; their work shares the event loop, which makes the figure pessimistic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../backend/src/config/load.ts';
import { openServices } from '../backend/src/services.ts';
import { buildApp } from '../backend/src/app.ts';
import { percentile, peakRssMb, type Benchmark } from './lib/result.ts';

const BUDGET_MS = 1000;

async function measureRate(base: string, ingestKey: string, queryKey: string, ratePerS: number, seconds: number, tag: string): Promise<number[]> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${queryKey}` }, signal: controller.signal });
  const reader = res.body!.getReader();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = Math.max(1, Math.round(ratePerS * seconds));
  let buffer = '';
  const reading = (async () => {
    while (latencies.length < total) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let idx;
      while ((idx = buffer.indexOf('\n\n')) >= 0) {
        const chunk = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        if (!chunk.startsWith('event: batch')) continue;
        const data = JSON.parse(/^data: (.*)$/m.exec(chunk)![1]!) as { runIds: string[] };
        const now = performance.now();
        for (const id of data.runIds) {
          const t0 = sentAt.get(id);
          if (t0 !== undefined) latencies.push(now - t0);
        }
      }
    }
  })();
  const gap = 1000 / ratePerS;
  const start = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * gap;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const runId = `fresh-${tag}-${i}`;
    sentAt.set(runId, performance.now());
    sends.push(
      fetch(`${base}/api/v1/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ runId, results: Array.from({ length: 20 }, (_, k) => ({ suite: 's', name: `t${k}`, status: k === 3 ? 'failed' : 'passed', durationMs: k })) }),
      }).then((r) => r.arrayBuffer()),
    );
  }
  await Promise.all(sends);
  await Promise.race([reading, new Promise((r) => setTimeout(r, 10_000))]);
  controller.abort();
  return latencies;
}

const bench: Benchmark = async ({ full }) => {
  const rates = full ? [1, 5, 20, 50, 100] : [2, 10, 40];
  const seconds = full ? 20 : 6;
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-bench-fresh-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEMANTEST_DEMO: 'false', LOG_LEVEL: 'silent', SEMANTEST_TENANT_RPS: '100000', SEMANTEST_TENANT_BURST: '100000' });
  const services = await openServices(config);
  const app = await buildApp({ services, streamMaxEventsPerSecond: 100 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  await services.tenants.create({ slug: 'fresh' });
  const ingestKey = (await services.keys.create('fresh', 'ingest')).key;
  const queryKey = (await services.keys.create('fresh', 'query')).key;

  const metrics: Record<string, number> = { batch_max_age_ms: config.ingest.batchMaxAgeMs, min_flush_interval_ms: config.ingest.minFlushIntervalMs };
  let worstP95 = 0;
  for (const rate of rates) {
    const lat = await measureRate(base, ingestKey, queryKey, rate, seconds, `r${rate}`);
    const p50 = percentile(lat, 50);
    const p95 = percentile(lat, 95);
    metrics[`rate_${rate}_per_s_p50_ms`] = Math.round(p50);
    metrics[`rate_${rate}_per_s_p95_ms`] = Math.round(p95);
    metrics[`rate_${rate}_per_s_delivered`] = lat.length;
    worstP95 = Math.max(worstP95, p95);
  }
  metrics.peak_rss_mb = peakRssMb();
  await app.close();
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    benchmark: 'freshness',
    repetitions: 1,
    metrics,
    ratios: { worst_p95_vs_1s_budget: Number((worstP95 / BUDGET_MS).toFixed(3)), worst_p95_vs_batch_age: Number((worstP95 / config.ingest.batchMaxAgeMs).toFixed(2)) },
    targets: { worst_p95_vs_1s_budget: { max: 1 } },
    notes: [`rates ${rates.join(', ')} uploads/s of 20 results for ${seconds} s each; latency = upload sent → batch event received (server's per-connection event limit raised to 100/s for measuring)`],
  };
};

export default bench;
