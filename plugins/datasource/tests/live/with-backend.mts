/**
 * Runs one command against a fresh live backend, then stops the backend:
 *
 *   node --import tsx plugins/datasource/tests/live/with-backend.mts -- go test -tags live ./pkg/plugin
 *
 * The command gets SEMANTEST_LIVE_URL, SEMANTEST_LIVE_KEY (the demo tenant's grafana key),
 * SEMANTEST_LIVE_INGEST_KEY and SEMANTEST_LIVE_QUERY_KEY in its environment; the wrapper exits with
 * the command's status (1 if the backend could not start, so CI never mistakes "no backend" for
 * "nothing to test"). SEMANTEST_LIVE_SYNTHETIC=1 turns on the backend's synthetic CI traffic.
 * SIGINT/SIGTERM/SIGHUP stop the command, then the backend.
 */
import { spawn } from 'node:child_process';
import { startBackend } from './backend.mts';

const sep = process.argv.indexOf('--');
const command = sep >= 0 ? process.argv.slice(sep + 1) : [];
if (command.length === 0) {
  console.error('usage: with-backend.mts -- <command> [args…]');
  process.exit(2);
}

let backend;
try {
  backend = await startBackend({ syntheticTraffic: process.env.SEMANTEST_LIVE_SYNTHETIC === '1' });
} catch (err) {
  console.error(`with-backend: ${(err as Error).message}`);
  process.exit(1);
}
console.log(`with-backend: Semantest backend on ${backend.url}`);

const child = spawn(command[0]!, command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, SEMANTEST_LIVE_URL: backend.url, SEMANTEST_LIVE_KEY: backend.keys.grafana, SEMANTEST_LIVE_INGEST_KEY: backend.keys.ingest, SEMANTEST_LIVE_QUERY_KEY: backend.keys.query },
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
const code = await new Promise<number>((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await backend.stop();
process.exit(code);
