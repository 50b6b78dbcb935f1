/**
 * Speed of the test-intelligence reads a dashboard makes, per tenant, over
 * generated data in the real app (openServices + inject, chDB + PGlite):
 *
 * - test states: GET /api/v1/tests/states — reads the precomputed
 *   test_states / history tables (the evaluation job writes them), so its
 *   cost does not grow with the number of results;
 * - clusters: GET /api/v1/clusters over the last 7 days (clustersSql on
 *   test_results, a range read of the tenant's part of the sort key);
 * - baseline: a raw `SELECT count() … WHERE tenant_id = …` on the same
 *   driver, interleaved with the two (A B C A B C …), per BENCH.md.
 * - for information: the evaluation job's history read (historySql, 14 days
 *   of one tenant) — a background query, not on a request path.
 *
 *   npm run bench -- intelligence-speed          1M results, 10 tenants
 *   npm run bench -- intelligence-speed --full   10M results, 10 tenants
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './lib/result.ts';
import { median, percentile, peakRssMb } from './lib/result.ts';
import { loadConfig } from '../backend/src/config/load.ts';
import { openServices } from '../backend/src/services.ts';
import { buildApp } from '../backend/src/app.ts';
import { historySql } from '../backend/src/intelligence/monitors/history-sql.ts';

const DAY = 86_400_000;
const TENANTS = 10;
const TESTS_PER_TENANT = 2000;
const FLAGGED_PER_TENANT = 300;

const bench: Benchmark = async ({ full }) => {
  const total = full ? 10_000_000 : 1_000_000;
  const reps = full ? 20 : 15;
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-bench-intel-'));
  const services = await openServices(loadConfig({ DATA_DIR: dataDir, SEMANTEST_DEMO: 'false' }, {}));
  const app = await buildApp({ services });
  await app.ready();
  try {
    const tenants: Array<{ id: string; key: string }> = [];
    for (let i = 0; i < TENANTS; i++) {
      const t = await services.tenants.create({ slug: `speed-${i}` });
      tenants.push({ id: t.id, key: (await services.keys.create(t.slug, 'query')).key });
    }
    const end = Date.now();
    const start = end - 28 * DAY;
    const perTenant = Math.floor(total / TENANTS);
    const runs = Math.max(1, Math.floor(perTenant / TESTS_PER_TENANT));
    const loadStart = performance.now();
    // Generated in the engine: results of `runs` runs × 2000 tests per tenant, spread over 28 days,
    // ~2 % failing with one of 40 signatures.
    for (const t of tenants) {
      await services.analytics.command(
        `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, file, status, attempt, is_final, duration_ms, started_at, error_type, error_message, error_signature, branch, commit_sha, retention_days)
         SELECT {tenant:String}, concat('r', toString(intDiv(number, {tests:UInt32}))), 'web', 's',
                concat('t', toString(number % {tests:UInt32})), concat('test ', toString(number % {tests:UInt32})), concat('src/f', toString(number % 97), '.test.ts'),
                if(cityHash64(number, 7) % 50 = 0, 'failed', 'passed'), 1, 1, 10 + cityHash64(number, 3) % 500,
                fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number, {tests:UInt32}) * {step:Int64} + number % {tests:UInt32})),
                if(cityHash64(number, 7) % 50 = 0, 'Error', ''), if(cityHash64(number, 7) % 50 = 0, concat('failure ', toString(cityHash64(number, 9) % 40)), ''),
                if(cityHash64(number, 7) % 50 = 0, concat('sig', toString(cityHash64(number, 9) % 40)), ''),
                if(intDiv(number, {tests:UInt32}) % 5 < 3, 'main', 'feature'), concat('c', toString(intDiv(number, {tests:UInt32}))), 3650
         FROM numbers({n:UInt64})`,
        { tenant: t.id, tests: TESTS_PER_TENANT, start, step: Math.floor((28 * DAY) / runs), n: perTenant },
      );
      // Precomputed states: what the evaluation job leaves for a tenant with many flagged tests.
      for (let k = 0; k < FLAGGED_PER_TENANT; k++) {
        const state = k % 10 === 0 ? 'broken' : 'flaky';
        await services.metadata.query(
          `INSERT INTO test_states (tenant_id, project, test_id, name, detected, detected_since, state, last_evidence_at) VALUES ($1, 'web', $2, $3, $4, now(), $4, now())`,
          [t.id, `t${k}`, `test ${k}`, state]);
        await services.metadata.query(
          `INSERT INTO test_state_history (tenant_id, project, test_id, at, from_state, to_state, reason, actor, evidence) VALUES ($1, 'web', $2, now(), 'healthy', $3, 'flips', 'monitor', ARRAY['r1','r2','r3'])`,
          [t.id, `t${k}`, state]);
      }
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const from = new Date(end - 7 * DAY).toISOString();
    const to = new Date(end + 60_000).toISOString();

    const timings: Record<'raw' | 'states' | 'clusters' | 'history', number[]> = { raw: [], states: [], clusters: [], history: [] };
    const time = async (label: keyof typeof timings, fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      timings[label].push(performance.now() - t0);
    };
    const get = async (url: string, key: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    };
    // Warm-up: one round, not recorded.
    for (const t of tenants) {
      await get(`/api/v1/tests/states?project=web`, t.key);
      await get(`/api/v1/clusters?project=web&from=${from}&to=${to}`, t.key);
    }
    for (let r = 0; r < reps; r++) {
      for (const t of tenants) {
        await time('raw', () => services.analytics.query('SELECT count() AS c FROM test_results WHERE tenant_id = {tenant:String}', { tenant: t.id }));
        await time('states', () => get(`/api/v1/tests/states?project=web`, t.key));
        await time('clusters', () => get(`/api/v1/clusters?project=web&from=${from}&to=${to}`, t.key));
      }
    }
    for (const t of tenants.slice(0, 3)) {
      const q = historySql({ tenant: t.id, project: 'web', from: end - 14 * DAY, to: end + 60_000 });
      await time('history', () => services.analytics.query(q.sql, q.params));
    }
    const p95 = (k: keyof typeof timings) => +percentile(timings[k], 95).toFixed(2);
    const med = (k: keyof typeof timings) => +median(timings[k]).toFixed(2);
    return {
      benchmark: 'intelligence-speed',
      repetitions: reps,
      metrics: {
        results_total: perTenant * TENANTS, tenants: TENANTS, results_per_tenant: perTenant, flagged_states_per_tenant: FLAGGED_PER_TENANT,
        load_seconds: +loadSeconds.toFixed(1),
        raw_count_p95_ms: p95('raw'), raw_count_median_ms: med('raw'),
        states_p95_ms: p95('states'), states_median_ms: med('states'),
        clusters_p95_ms: p95('clusters'), clusters_median_ms: med('clusters'),
        evaluation_history_read_median_ms: med('history'),
        peak_rss_mb: peakRssMb(),
      },
      ratios: {
        states_p95_vs_raw_count_p95: +(p95('states') / p95('raw')).toFixed(2),
        clusters_p95_vs_raw_count_p95: +(p95('clusters') / p95('raw')).toFixed(2),
        states_p95_ms: p95('states'),
        clusters_p95_ms: p95('clusters'),
      },
      targets: { states_p95_ms: { max: 100 }, clusters_p95_ms: { max: 100 } },
      notes: [
        `${TENANTS} tenants × ${perTenant} results (${runs} runs × ${TESTS_PER_TENANT} tests over 28 days), ~2 % failing with 40 signatures; ${reps} interleaved rounds over all tenants, p95 over ${reps * TENANTS} requests per query`,
        'states and clusters are measured end to end through the app (auth, SQL, JSON) with inject; the raw count goes straight to the driver',
        'evaluation_history_read: the monitor job\'s 14-day history read for one tenant, a background query (3 samples)',
      ],
    };
  } finally {
    await app.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export default bench;
