/**
 * SIGTERM under load: in-flight uploads finish (201) or are refused with 503;
 * the queue is flushed, the stores close and the process exits 0; every 201
 * is stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';

const BACKEND = fileURLToPath(new URL('../../', import.meta.url));

test('SIGTERM drains in-flight uploads and exits 0', { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-term-'));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  // A long batch age makes sure requests are waiting in the queue when SIGTERM arrives.
  const env = { ...process.env, DATA_DIR: dataDir, PORT: port, SEMANTEST_DEMO: 'false', LOG_LEVEL: 'warn', SEMANTEST_BATCH_MAX_AGE_MS: '250', SEMANTEST_MIN_FLUSH_INTERVAL_MS: '250' };
  const cli = (...args: string[]) => JSON.parse(spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--json', ...args], { cwd: BACKEND, env, encoding: 'utf8' }).stdout);
  cli('tenant', 'create', 'termco');
  const key = cli('key', 'create', 'termco', '--kind', 'ingest').key as string;
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: BACKEND, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
  let stderr = '';
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      assert.ok(i < 600, 'server became healthy');
      await new Promise((r) => setTimeout(r, 200));
    }
    const uploads = Array.from({ length: 20 }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/api/v1/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ runId: `term-${i}`, results: [{ name: 'a', status: 'passed' }, { name: 'b', status: 'failed' }] }),
      }).then((r) => r.status, () => 0),
    );
    await new Promise((r) => setTimeout(r, 100));
    server.kill('SIGTERM');
    const statuses = await Promise.all(uploads);
    const code = await exit;
    assert.equal(code, 0, `clean exit (got ${code}); output: ${stderr.slice(-3000)}`);
    assert.ok(statuses.every((s) => s === 201 || s === 503 || s === 0), `statuses: ${statuses}`);
    assert.ok(statuses.some((s) => s === 201), 'in-flight uploads were finished, not dropped');
    const db = new ChdbDriver(join(dataDir, 'clickhouse'));
    const stored = new Set((await db.query<{ run_id: string }>('SELECT run_id FROM test_runs')).map((r) => r.run_id));
    await db.close();
    statuses.forEach((s, i) => {
      if (s === 201) assert.ok(stored.has(`term-${i}`), `acknowledged term-${i} is stored`);
    });
  } finally {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
