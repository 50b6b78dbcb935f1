/** Shared helpers: temp dirs and running the independent readers (Python, poppler). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh temp directory, removed when the test process exits. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'semantest-reports-'));
  dirs.push(d);
  return d;
}

/** Debian's python3 has openpyxl; the pyenv one on PATH does not. */
export function python(code: string, ...args: string[]): string {
  return execFileSync('/usr/bin/python3', ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

export function run(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** Runs a command that must succeed and returns what it printed on stderr. */
export function runStderr(cmd: string, ...args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  return r.stderr;
}
