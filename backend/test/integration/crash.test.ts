/**
 * Crash test: the real server as a child process, continuous uploads with run
 * ids, `kill -9` at random moments, restart. Every acknowledged run must be
 * present exactly once, with exactly its results; unacknowledged runs are
 * retried by the client (as CI would) and must not double either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';

const BACKEND = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = 4;
const RESULTS_PER_RUN = 25;

function junit(runNo: number): string {
  const cases = Array.from({ length: RESULTS_PER_RUN }, (_, i) => `<testcase classname="crash.C${runNo}" name="t${i}" time="0.001"/>`).join('');
  return `<testsuite name="crash-${runNo}" tests="${RESULTS_PER_RUN}">${cases}</testsuite>`;
}

function cli(env: NodeJS.ProcessEnv, ...args: string[]): Record<string, unknown> {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--json', ...args], { cwd: BACKEND, env, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** Resolves when the child has exited; a signal death sets signalCode, not exitCode. */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: BACKEND, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${env.PORT}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

test('kill -9 during uploads loses no acknowledged run and doubles none', { timeout: 600_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-crash-'));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: port, SEMANTEST_DEMO: 'false', LOG_LEVEL: 'warn', SEMANTEST_BATCH_MAX_AGE_MS: '50' };
  cli(env, 'tenant', 'create', 'crashco');
  const key = cli(env, 'key', 'create', 'crashco', '--kind', 'ingest').key as string;

  const acked = new Set<number>();
  const attempted = new Set<number>();
  let next = 0;
  const send = async (runNo: number): Promise<boolean> => {
    attempted.add(runNo);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/uploads?runId=crash-${runNo}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
        body: junit(runNo),
      });
      if (res.status === 201 || res.status === 200) {
        acked.add(runNo);
        return true;
      }
    } catch {
      // connection refused or reset by the kill: not acknowledged
    }
    return false;
  };

  try {
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServer(env);
      if (process.env.CRASH_DEBUG) console.error('round', round, 'acked', acked.size, 'attempted', attempted.size);
      // Retry everything attempted but not acknowledged, as a CI client would.
      for (const runNo of [...attempted].filter((n) => !acked.has(n))) await send(runNo);
      let stop = false;
      const workers = Array.from({ length: 4 }, async () => {
        while (!stop) {
          if (!(await send(next++))) await new Promise((r) => setTimeout(r, 20));
        }
      });
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2500));
      server.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await exited(server);
    }
    // Final recovery round, then let the server flush and stop gracefully.
    const server = await startServer(env);
    if (process.env.CRASH_DEBUG) console.error('final', acked.size, attempted.size);
    for (const runNo of [...attempted].filter((n) => !acked.has(n))) await send(runNo);
    server.kill('SIGTERM');
    await exited(server);
    if (process.env.CRASH_DEBUG) console.error('stopped');
  } finally {
    // nothing: the data dir is inspected below
  }

  assert.ok(acked.size > 20, `enough runs were acknowledged (${acked.size})`);
  const db = new ChdbDriver(join(dataDir, 'clickhouse'));
  try {
    const runs = await db.query<{ run_id: string; c: string }>('SELECT run_id, count() AS c FROM test_runs GROUP BY run_id');
    const results = await db.query<{ run_id: string; c: string }>('SELECT run_id, count() AS c FROM test_results GROUP BY run_id');
    const runCount = new Map(runs.map((r) => [r.run_id, Number(r.c)]));
    const resultCount = new Map(results.map((r) => [r.run_id, Number(r.c)]));
    for (const runNo of acked) {
      assert.equal(runCount.get(`crash-${runNo}`), 1, `acknowledged run crash-${runNo} stored exactly once`);
      assert.equal(resultCount.get(`crash-${runNo}`), RESULTS_PER_RUN, `run crash-${runNo} has all its results once`);
    }
    for (const [runId, n] of runCount) assert.equal(n, 1, `${runId} is not doubled`);
    for (const [runId, n] of resultCount) {
      assert.equal(n, RESULTS_PER_RUN, `${runId}: no partial or doubled results`);
      assert.ok(runCount.has(runId), `${runId}: no results without their run`);
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
