/**
 * Starts a real Semantest backend as a child process for the live checks (Go live test, browser
 * harnesses): `node --import tsx backend/src/server.ts` on 127.0.0.1, a free port and a fresh
 * temporary DATA_DIR, with the demo tenant (Grafana org 1) created on that first start. The demo
 * keys are read from the banner the backend prints once (they are stored only hashed), so nothing
 * is configured by hand and every run starts from empty stores.
 *
 * Invariant: `stop()` ends the child (SIGTERM, SIGKILL after 35 s: the backend drains within 30 s)
 * and removes the data directory; callers stop it in `finally`/signal handlers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

export type KeyKind = 'ingest' | 'query' | 'admin' | 'grafana';

export interface LiveBackend {
  url: string;
  keys: Record<KeyKind, string>;
  /** Everything the backend printed so far (stdout and stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Feed live synthetic CI runs into the demo tenant (SEMANTEST_SYNTHETIC_TRAFFIC). */
  syntheticTraffic?: boolean;
  runsPerMinute?: number;
  /** Give up when the backend is not ready by then (the demo backfill takes ~30 s on a busy machine). */
  timeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const KEY_LINE = /^\s+(ingest|query|admin|grafana)\s+(smt_\S+)\s*$/gm;

export async function startBackend(opts: StartOptions = {}): Promise<LiveBackend> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-live-'));
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEMANTEST_DEMO: 'true',
      SEMANTEST_SYNTHETIC_TRAFFIC: opts.syntheticTraffic ? 'true' : 'false',
      SEMANTEST_SYNTHETIC_RUNS_PER_MINUTE: String(opts.runsPerMinute ?? 30),
  };
  delete env.DATABASE_URL; // embedded PGlite in DATA_DIR, whatever the caller's shell has
  // The backend refuses SEMANTEST_* variables it does not know; ours are for the test side.
  for (const k of Object.keys(env)) if (k.startsWith('SEMANTEST_LIVE_')) delete env[k];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: join(repoRoot, 'backend'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 35_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`backend exited (${child.exitCode ?? child.signalCode})`);
      if (Date.now() > deadline) throw new Error('backend not ready in time');
      if (await ready(url)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const keys = Object.fromEntries([...output.matchAll(KEY_LINE)].map((m) => [m[1], m[2]])) as Record<KeyKind, string>;
    for (const kind of ['ingest', 'query', 'admin', 'grafana'] as const) {
      if (!keys[kind]) throw new Error(`the backend printed no demo ${kind} key`);
    }
    return { url, keys, log: () => output, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}; backend output:\n${output.slice(-4000)}`);
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * The backend named by SEMANTEST_LIVE_URL + SEMANTEST_LIVE_{KEY,INGEST_KEY,QUERY_KEY} (as
 * with-backend.mts exports them; `stop()` leaves it running), or else a fresh one.
 */
export async function useOrStartBackend(opts: StartOptions = {}): Promise<LiveBackend> {
  const { SEMANTEST_LIVE_URL: url, SEMANTEST_LIVE_KEY: grafana, SEMANTEST_LIVE_INGEST_KEY: ingest, SEMANTEST_LIVE_QUERY_KEY: query } = process.env;
  if (url && grafana && ingest && query) {
    return { url, keys: { grafana, ingest, query, admin: '' }, log: () => '', stop: async () => {} };
  }
  return startBackend(opts);
}
