/**
 * Speed of the test-intelligence reads a dashboard makes, per tenant, over
 * generated data in the real app (openServices + inject, chDB + PGlite):
 *
 * - test states: GET /api/v1/tests/states — reads the precomputed
 *   test_states / history tables (the evaluation job writes them), so its
 *   cost does not grow with the number of results;
 * - clusters: GET /api/v1/clusters over the last 7 days (clustersSql: whole
 *   days from the failure_clusters_daily aggregate, edge days from
 *   test_results);
 * - baselines on the same driver, interleaved with the rest (A B C … A B C …),
 *   per BENCH.md: a raw `SELECT count() … WHERE tenant_id = …`, and the same
 *   clusters answer computed from test_results alone (clustersRawSql);
 * - for information, through POST /api/v1/query (the compiler: tenant guard,
 *   policies, masking): the test_states dataset (mirrored states) and the
 *   7-day results split into real and quarantined failures (ASOF join on the
 *   mirrored quarantine periods; 30 quarantined tests per tenant).
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
import { clustersRawSql, clustersSql } from '../backend/src/intelligence/signature/clusters-sql.ts';

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
    const QUARANTINED_PER_TENANT = 30;
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
      // Quarantines (open, started 10 days ago) of the first tests: the quarantine split reads them.
      for (let k = 0; k < QUARANTINED_PER_TENANT; k++) {
        await services.metadata.query(
          `INSERT INTO quarantines (tenant_id, project, test_id, name, reason, owner, created_by, source, created_at) VALUES ($1, 'web', $2, $3, 'flaky', '@qa', 'bench', 'manual', $4)`,
          [t.id, `t${k}`, `test ${k}`, new Date(end - 10 * DAY).toISOString()]);
      }
    }
    const mirrorStart = performance.now();
    await services.intelligence.mirror.syncChanged();
    const mirrorSeconds = (performance.now() - mirrorStart) / 1000;
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const from = new Date(end - 7 * DAY).toISOString();
    const to = new Date(end + 60_000).toISOString();

    const timings: Record<'raw' | 'states' | 'clusters' | 'clustersSql' | 'clustersRaw' | 'statesDataset' | 'quarantineSplit' | 'history', number[]> = {
      raw: [], states: [], clusters: [], clustersSql: [], clustersRaw: [], statesDataset: [], quarantineSplit: [], history: [],
    };
    const time = async (label: keyof typeof timings, fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      timings[label].push(performance.now() - t0);
    };
    const get = async (url: string, key: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    };
    const post = async (queries: unknown[], key: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/query', headers: { authorization: `Bearer ${key}` }, payload: { queries, range: { from, to } } });
      if (res.statusCode !== 200) throw new Error(`query: ${res.statusCode} ${res.body}`);
      for (const r of Object.values(res.json().results as Record<string, { status: number; error?: unknown }>)) if (r.status !== 200) throw new Error(JSON.stringify(r));
    };
    const statesQuery = { refId: 'S', version: 1, dataset: 'test_states', metrics: [{ fn: 'count' }, { fn: 'max', field: 'failure_rate' }], groupBy: ['state', 'test'], timeRange: { from: 0, to }, shape: 'table', limit: 1000 };
    const splitQuery = { refId: 'Q', version: 1, dataset: 'results', metrics: [{ fn: 'failure_count' }, { fn: 'real_failure_count' }, { fn: 'quarantined_failure_count' }], groupBy: ['quarantined'], timeRange: { from, to }, shape: 'table' };
    const window = (tenant: string) => ({ tenant, project: 'web', from: Date.parse(from), to: Date.parse(to) });
    // Warm-up: one round, not recorded.
    for (const t of tenants) {
      await get(`/api/v1/tests/states?project=web`, t.key);
      await get(`/api/v1/clusters?project=web&from=${from}&to=${to}`, t.key);
      await post([statesQuery, splitQuery], t.key);
    }
    for (let r = 0; r < reps; r++) {
      for (const t of tenants) {
        await time('raw', () => services.analytics.query('SELECT count() AS c FROM test_results WHERE tenant_id = {tenant:String}', { tenant: t.id }));
        await time('states', () => get(`/api/v1/tests/states?project=web`, t.key));
        await time('clusters', () => get(`/api/v1/clusters?project=web&from=${from}&to=${to}`, t.key));
        const fast = clustersSql(window(t.id));
        await time('clustersSql', () => services.analytics.query(fast.sql, fast.params));
        const raw = clustersRawSql(window(t.id));
        await time('clustersRaw', () => services.analytics.query(raw.sql, raw.params));
        await time('statesDataset', () => post([statesQuery], t.key));
        await time('quarantineSplit', () => post([splitQuery], t.key));
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
        load_seconds: +loadSeconds.toFixed(1), mirror_seconds: +mirrorSeconds.toFixed(1),
        raw_count_p95_ms: p95('raw'), raw_count_median_ms: med('raw'),
        states_p95_ms: p95('states'), states_median_ms: med('states'),
        clusters_p95_ms: p95('clusters'), clusters_median_ms: med('clusters'),
        clusters_sql_p95_ms: p95('clustersSql'), clusters_sql_median_ms: med('clustersSql'),
        clusters_raw_sql_p95_ms: p95('clustersRaw'), clusters_raw_sql_median_ms: med('clustersRaw'),
        states_dataset_p95_ms: p95('statesDataset'), states_dataset_median_ms: med('statesDataset'),
        quarantine_split_p95_ms: p95('quarantineSplit'), quarantine_split_median_ms: med('quarantineSplit'),
        evaluation_history_read_median_ms: med('history'),
        peak_rss_mb: peakRssMb(),
      },
      ratios: {
        states_p95_vs_raw_count_p95: +(p95('states') / p95('raw')).toFixed(2),
        clusters_p95_vs_raw_count_p95: +(p95('clusters') / p95('raw')).toFixed(2),
        clusters_sql_p95_vs_raw_clusters_sql_p95: +(p95('clustersSql') / p95('clustersRaw')).toFixed(2),
        states_p95_ms: p95('states'),
        clusters_p95_ms: p95('clusters'),
      },
      targets: { states_p95_ms: { max: 100 }, clusters_p95_ms: { max: 100 } },
      notes: [
        `${TENANTS} tenants × ${perTenant} results (${runs} runs × ${TESTS_PER_TENANT} tests over 28 days), ~2 % failing with 40 signatures; ${reps} interleaved rounds over all tenants, p95 over ${reps * TENANTS} requests per query`,
        'states and clusters are measured end to end through the app (auth, SQL, JSON) with inject; the raw count, the clusters SQL and the raw clusters SQL (the same answer from test_results alone) go straight to the driver',
        `test_states dataset and the quarantine split (7 days, ${QUARANTINED_PER_TENANT} quarantined tests per tenant) go through POST /api/v1/query (compiler, policies, frames)`,
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
