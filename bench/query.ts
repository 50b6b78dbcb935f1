/**
 * Query latency: the six standard panel queries through the HTTP API (real
 * listen, a client in its own process, query keys, audit on) against the same compiled SQL run
 * directly on the analytics driver, interleaved per sample (A B A B …), per
 * panel p50/p95 and their ratio; then the same under 16 concurrent clients
 * spread over the tenants.
 *
 * Client (`--client go|node`, default go): go = bench/go-client, the net/http transport, headers and
 * JSON decode of Grafana's datasource backend (the production caller); node = lib/query-client.ts
 * (node:http). Every client-side figure (HTTP, transport floor, engine floor, c16) uses the chosen one.
 *
 * Data: the demo generator's shape (backend/src/demo/synthetic-ci.ts),
 * generated inside the engine with INSERT … SELECT FROM numbers()
 * (bench/lib/query-data.ts): default 1M results across 10 tenants, `--full` 10M. Runs span 30 days; the
 * panels read the last 7 days (hour-aligned, 1 h buckets: rollup-eligible).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, createServer } from 'node:http';
import { postJson } from './lib/http-post.ts';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientReply } from './lib/query-client.ts';
import { buildGoClient, startGoClient, type ClientProcess } from './lib/go-client.ts';
import { loadConfig } from '../backend/src/config/load.ts';
import { openServices, type Services } from '../backend/src/services.ts';
import { buildApp } from '../backend/src/app.ts';
import { generateTenant } from './lib/query-data.ts';
import { compileQuery } from '../backend/src/query/index.ts';
import { accessFor } from '../backend/src/security/request-access.ts';
import { compileContext } from '../backend/src/queries/context.ts';
import { median, peakRssMb, percentile, type Benchmark } from './lib/result.ts';

const TENANTS = 10;
const CONCURRENT = 16;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const CLIENT = fileURLToPath(new URL('./lib/query-client.ts', import.meta.url));
const CLIENT_NOTES = {
  go: 'go-net-http (bench/go-client: the datasource plugin\'s transport settings, headers and JSON decode, own process)',
  node: 'node-http (lib/query-client.ts: node:http keep-alive agent + JSON.parse, own process; --client node)',
  'node-in-process': 'node-http in the server\'s process (--in-process-client)',
};

/** The node:http client (lib/query-client.ts) in a forked process, over IPC. */
function startNodeClient(): ClientProcess {
  const child = fork(CLIENT, [String(CONCURRENT)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (r: ClientReply) => void>();
  child.on('message', (r: ClientReply) => { waiting.get(r.id)?.(r); waiting.delete(r.id); });
  let nextId = 0;
  return {
    request: (req) => new Promise<ClientReply>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, ...req });
    }),
    close: () => child.send('exit'),
  };
}

export const PANELS: Record<string, Record<string, unknown>> = {
  pass_rate_over_time: { dataset: 'results', metrics: [{ fn: 'pass_rate' }], shape: 'timeseries_long', intervalMs: HOUR },
  p95_duration_by_suite: { dataset: 'results', metrics: [{ fn: 'p95', field: 'duration_ms' }], groupBy: ['suite'], shape: 'table' },
  error_distribution: { dataset: 'errors', metrics: [{ fn: 'count' }], groupBy: ['error_type'], orderBy: [{ by: 'count', dir: 'desc' }], shape: 'table' },
  // The model has no "status flips" metric: flaky candidates are tests that both pass and fail, by failures.
  flaky_candidates: { dataset: 'results', metrics: [{ fn: 'failure_count' }, { fn: 'pass_rate' }], groupBy: ['test'], orderBy: [{ by: 'failure_count', dir: 'desc' }], limit: 50, shape: 'table' },
  slowest_tests: { dataset: 'results', metrics: [{ fn: 'p95', field: 'duration_ms' }], groupBy: ['test'], orderBy: [{ by: 'p95_duration_ms', dir: 'desc' }], limit: 20, shape: 'table' },
  runs_per_environment: { dataset: 'runs', metrics: [{ fn: 'count' }], groupBy: ['environment'], shape: 'table' },
};

async function generate(services: Services, tenantIds: string[], resultsPerTenant: number, now: number): Promise<number> {
  let total = 0;
  for (const [ti, tenantId] of tenantIds.entries()) total += await generateTenant(services.analytics, tenantId, ti, resultsPerTenant, now);
  return total;
}

const stats = (xs: number[]) => ({ p50: median(xs), p95: percentile(xs, 95) });
const r3 = (x: number) => Number(x.toFixed(3));

const bench: Benchmark = async ({ full, args }) => {
  // --results=N overrides the total size (smoke runs).
  const override = Number(args.find((a) => a.startsWith('--results='))?.slice(10));
  const resultsPerTenant = Math.floor((override > 0 ? override : full ? 10_000_000 : 1_000_000) / TENANTS);
  const rounds = full ? 10 : 5;
  const inProcess = args.includes('--in-process-client');
  const at = args.indexOf('--client');
  const chosen = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--client='))?.slice(9);
  if (chosen !== undefined && chosen !== 'go' && chosen !== 'node') throw new Error(`--client must be go or node, not ${chosen}`);
  const clientKind = inProcess ? 'node-in-process' : chosen ?? 'go';
  // Built before the data is generated, so a Go build failure stops the run at once.
  const goBinary = clientKind === 'go' ? await buildGoClient() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-bench-query-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEMANTEST_DEMO: 'false', LOG_LEVEL: 'silent' });
  const services = await openServices(config);
  // --no-compile-cache: every HTTP query compiles (what a dashboard whose time range moves on each refresh pays).
  const compileCache = !args.includes('--no-compile-cache');
  if (!compileCache) services.queries.compileCache = undefined;
  const app = await buildApp({ services });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // Transport floor: a plain node:http server in this same process that reads and JSON-parses the
  // request body and answers with the API's own response bytes for that panel, nothing else.
  // Measured right after an engine query (as the API's answer is), it is the part of the HTTP
  // path no server-side change can remove: client, loopback, node:http on both ends.
  // The engine floor (POST /engine): the same server, but it runs the panel's compiled SQL for the
  // tenant inside the request before answering, as any HTTP server must: the best a server with
  // no framework, auth, compile or frames of its own could do, engine wait and wake-ups included.
  const floorAnswers = new Map<string, string>();
  const floorServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { panel?: unknown; tenant?: unknown };
      const body = floorAnswers.get(String(parsed.panel)) ?? '{}';
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (req.url !== '/engine') return answer();
      const c = compiledFor.get(`${String(parsed.tenant)}/${String(parsed.panel)}`);
      if (!c) return res.writeHead(500).end(); // the client counts it as an error, never as a fast answer
      services.analytics.query(c.sql, c.params).then(answer, (err: unknown) => res.destroy(err as Error));
    });
  });
  await new Promise<void>((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
  const floorAddress = floorServer.address();
  const floorBase = `http://127.0.0.1:${typeof floorAddress === 'object' && floorAddress ? floorAddress.port : 0}`;

  const tenants: { id: string; key: string }[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const t = await services.tenants.create({ slug: `bench-${i}` });
    tenants.push({ id: t.id, key: (await services.keys.create(`bench-${i}`, 'query')).key });
  }
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  const genStart = performance.now();
  const rows = await generate(services, tenants.map((t) => t.id), resultsPerTenant, now);
  const genSeconds = (performance.now() - genStart) / 1000;
  const range = { from: now - 7 * DAY, to: now };

  // The exact SQL the route runs for a query key (Viewer service principal, no policies).
  const compiledFor = new Map<string, { sql: string; params: Record<string, unknown> }>();
  for (const t of tenants) {
    const tenant = await services.tenants.getById(t.id);
    const key = (await services.keys.authenticate(t.key)).key;
    const access = accessFor({ tenant, key }, { kind: 'service', reason: 'key' }, await services.security.load(tenant));
    for (const [name, panel] of Object.entries(PANELS)) {
      const c = compileQuery({ version: 1, refId: 'A', ...panel, timeRange: range }, compileContext(access));
      compiledFor.set(`${t.id}/${name}`, { sql: c.sql, params: { ...c.params } });
    }
  }
  // The client runs in its own process: bench/go-client (default) or, with --client node,
  // lib/query-client.ts; --in-process-client runs the node one on the server's loop (its request
  // building and JSON.parse then count as server cost).
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENT });
  const post = (key: string, payload: string, url = `${base}/api/v1/query`) => postJson(agent, url, key, payload);
  const client: ClientProcess | undefined = goBinary ? startGoClient(goBinary) : clientKind === 'node' ? startNodeClient() : undefined;
  /** One timed POST: from just before sending to the parsed answer, in the client's process. */
  const timedPost = async (url: string, key: string, payload: string, expectResults: boolean): Promise<number> => {
    if (!client) {
      const started = performance.now();
      const res = await post(key, payload, url);
      const body = JSON.parse(res.text) as { results?: { A?: { status: number } } };
      if (res.status !== 200 || (expectResults && body.results?.A?.status !== 200)) throw new Error(`${res.status} ${res.text}`);
      return performance.now() - started;
    }
    const reply = await client.request({ url, key, payload, expectResults });
    if ('error' in reply) throw new Error(reply.error);
    return reply.ms;
  };
  const http = (t: { key: string }, name: string) =>
    timedPost(`${base}/api/v1/query`, t.key, JSON.stringify({ range, queries: [{ refId: 'A', version: 1, ...PANELS[name] }] }), true).catch((e: unknown) => {
      throw new Error(`${name}: ${String(e)}`);
    });
  const floor = (t: { key: string }, name: string) =>
    timedPost(floorBase, t.key, JSON.stringify({ panel: name, range, queries: [{ refId: 'A', version: 1, ...PANELS[name] }] }), false);
  const engineFloor = (t: { id: string; key: string }, name: string) =>
    timedPost(`${floorBase}/engine`, t.key, JSON.stringify({ panel: name, tenant: t.id, range, queries: [{ refId: 'A', version: 1, ...PANELS[name] }] }), true);
  const direct = async (t: { id: string }, name: string) => {
    const c = compiledFor.get(`${t.id}/${name}`)!;
    const started = performance.now();
    await services.analytics.query(c.sql, c.params);
    return performance.now() - started;
  };

  // Warm-up: one pass over every tenant and panel on both paths.
  for (const t of tenants) for (const name of Object.keys(PANELS)) { await http(t, name); await direct(t, name); }
  for (const name of Object.keys(PANELS)) floorAnswers.set(name, (await post(tenants[0]!.key, JSON.stringify({ range, queries: [{ refId: 'A', version: 1, ...PANELS[name] }] }))).text);

  const seq: Record<string, { http: number[]; direct: number[] }> = {};
  for (const name of Object.keys(PANELS)) seq[name] = { http: [], direct: [] };
  for (let round = 0; round < rounds; round++) {
    for (const t of tenants) {
      for (const name of Object.keys(PANELS)) {
        // Alternate which path goes first so neither always benefits from a warm cache.
        if ((round + tenants.indexOf(t)) % 2 === 0) { seq[name]!.http.push(await http(t, name)); seq[name]!.direct.push(await direct(t, name)); }
        else { seq[name]!.direct.push(await direct(t, name)); seq[name]!.http.push(await http(t, name)); }
      }
    }
  }

  // The floor, each sample right after a direct query of the same panel (kept only as the engine floor's baseline).
  // Then the engine floor of the same panel and tenant, interleaved with the transport floor.
  const floors: Record<string, number[]> = {};
  const engineFloors: Record<string, number[]> = {};
  // The engine floor's own baseline: the direct samples of this phase (the load of a shared machine drifts between phases).
  const floorDirects: Record<string, number[]> = {};
  for (const name of Object.keys(PANELS)) { floors[name] = []; engineFloors[name] = []; floorDirects[name] = []; }
  for (let round = 0; round < rounds; round++) {
    for (const t of tenants) {
      for (const name of Object.keys(PANELS)) {
        floorDirects[name]!.push(await direct(t, name));
        floors[name]!.push(await floor(t, name));
        engineFloors[name]!.push(await engineFloor(t, name));
      }
    }
  }

  // Concurrency: 16 clients, client i queries tenant i % 10, every panel `rounds` times; HTTP then direct, twice (A B A B).
  const conc: Record<string, { http: number[]; direct: number[] }> = {};
  for (const name of Object.keys(PANELS)) conc[name] = { http: [], direct: [] };
  const concurrentPhase = (path: 'http' | 'direct') => Promise.all(Array.from({ length: CONCURRENT }, async (_, c) => {
    const t = tenants[c % TENANTS]!;
    for (let r = 0; r < Math.ceil(rounds / 2); r++) {
      for (const name of Object.keys(PANELS)) conc[name]![path].push(await (path === 'http' ? http(t, name) : direct(t, name)));
    }
  }));
  for (let k = 0; k < 2; k++) { await concurrentPhase('http'); await concurrentPhase('direct'); }

  agent.destroy();
  client?.close();
  floorServer.close();
  await app.close();
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });

  const metrics: Record<string, number> = { results_rows: rows, generate_s: Number(genSeconds.toFixed(1)), peak_rss_mb: peakRssMb() };
  const ratios: Record<string, number> = {};
  const targets: Record<string, { max: number }> = {};
  for (const [phase, data] of [['seq', seq], ['c16', conc]] as const) {
    for (const [name, d] of Object.entries(data)) {
      const h = stats(d.http), x = stats(d.direct);
      metrics[`${phase}_${name}_http_p50_ms`] = r3(h.p50); metrics[`${phase}_${name}_http_p95_ms`] = r3(h.p95);
      metrics[`${phase}_${name}_direct_p50_ms`] = r3(x.p50); metrics[`${phase}_${name}_direct_p95_ms`] = r3(x.p95);
      ratios[`${phase}_${name}_p50_http_vs_direct`] = r3(h.p50 / x.p50);
      ratios[`${phase}_${name}_p95_http_vs_direct`] = r3(h.p95 / x.p95);
      targets[`${phase}_${name}_p50_http_vs_direct`] = { max: 1.2 };
    }
  }
  for (const [name, xs] of Object.entries(floors)) {
    const f = median(xs), x = median(seq[name]!.direct);
    metrics[`seq_${name}_transport_floor_p50_ms`] = r3(f);
    // The lowest p50 ratio a server with zero cost of its own could show here.
    metrics[`seq_${name}_p50_ratio_floor`] = r3((x + f) / x);
    const e = median(engineFloors[name]!), xf = median(floorDirects[name]!);
    metrics[`seq_${name}_engine_floor_p50_ms`] = r3(e);
    metrics[`seq_${name}_floor_phase_direct_p50_ms`] = r3(xf);
    // The p50 ratio of a plain node:http server running the same SQL in the request, against direct in the same phase.
    metrics[`seq_${name}_p50_ratio_engine_floor`] = r3(e / xf);
  }
  return {
    benchmark: 'query',
    repetitions: rounds,
    metrics,
    ratios,
    targets,
    notes: [
      `client: ${CLIENT_NOTES[clientKind]}`,
      `${rows} results across ${TENANTS} tenants (demo-shaped runs over 30 days, generated in the engine with INSERT … SELECT FROM numbers()); panels read the last 7 days with 1 h buckets`,
      `sequential: ${rounds} rounds x ${TENANTS} tenants per panel, HTTP and direct interleaved per sample (order alternating); c16: ${CONCURRENT} concurrent clients over ${TENANTS} tenants (client i -> tenant i mod ${TENANTS}), ${Math.ceil(rounds / 2)} passes each, phases HTTP/direct/HTTP/direct`,
      `HTTP = keep-alive POST to a listening server (answer decoded by the client) with a query key (auth, security load, compile, execute, frames, audit record), timed by a client in ${inProcess ? 'the server\'s own process (--in-process-client)' : 'a separate process, as Grafana is'}; direct = the same compiled SQL and params on the same chDB driver`,
      compileCache ? 'compile cache on: the fixed range repeats each panel query, so after the warm-up HTTP reuses its compile (run with --no-compile-cache for the compile-every-time figures)' : 'compile cache off (--no-compile-cache): every HTTP query compiles',
      `transport floor (seq_*_transport_floor_p50_ms): the same client against a plain node:http server in the server's process that JSON-parses the request and answers with the API's response bytes for the panel, each sample right after a direct engine query (${rounds} rounds x ${TENANTS} tenants per panel); seq_*_p50_ratio_floor = (direct p50 + floor p50) / direct p50 is the best p50 ratio a server that costs nothing could reach on this machine`,
      `engine floor (seq_*_engine_floor_p50_ms): the same client against that plain node:http server, which runs the panel's compiled SQL for the tenant on the same driver inside the request before answering (no Fastify, auth, compile, frames or audit), right after each transport floor sample; seq_*_p50_ratio_engine_floor = its p50 / the p50 of the direct samples of the same phase (seq_*_floor_phase_direct_p50_ms) is the ratio a server of zero cost of its own reaches, including the wake-ups of a request that waited on the engine (which the transport floor, measured right after an engine query, does not include)`,
      'flaky_candidates approximates "status flips per test" (no flips metric in the model yet): tests by failure count with their pass rate',
      'shared 2-core machine loaded by other sessions: absolute times are noisy, the ratios are the headline',
    ],
  };
};

export default bench;
