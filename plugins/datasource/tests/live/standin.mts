/**
 * Builds the plugin executable (`go build ./pkg`, as scripts/build-backend.mjs does for one target)
 * and the grafana-standin, then starts the stand-in on a free port in front of a live backend. The
 * stand-in launches the plugin over Grafana's plugin protocol; `stop()` ends both (SIGTERM, the
 * stand-in kills the plugin it started).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, type LiveBackend } from './backend.mts';

export interface Standin {
  url: string;
  stop(): Promise<void>;
}

const pluginDir = join(repoRoot, 'plugins', 'datasource');

/** Builds both executables into a fresh temporary folder (can overlap with the backend's start). */
export async function buildStandin(): Promise<string> {
  const bin = mkdtempSync(join(tmpdir(), 'semantest-standin-'));
  const env = { ...process.env, CGO_ENABLED: '0' };
  const go = promisify(execFile);
  await go('go', ['build', '-o', join(bin, 'gpx_semantest'), './pkg'], { cwd: pluginDir, env });
  await go('go', ['build', '-o', join(bin, 'grafana-standin'), './tests/grafana-standin'], { cwd: pluginDir, env });
  return bin;
}

export async function startStandin(bin: string, backend: LiveBackend): Promise<Standin> {
  const child = spawn(join(bin, 'grafana-standin'), ['-plugin', join(bin, 'gpx_semantest'), '-backend', backend.url, '-key', backend.keys.grafana], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(bin, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`grafana-standin exited:\n${err}`)));
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  return { url, stop };
}
