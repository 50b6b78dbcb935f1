/**
 * One process owns a data directory: chDB and PGlite both corrupt or refuse a
 * directory shared between processes. The owner's pid is kept in
 * DATA_DIR/owner.pid; a stale file (dead pid) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string, role: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'owner.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid} ${role}\n`, { flag: 'wx' });
      let released = false;
      return () => {
        if (!released) rmSync(file, { force: true });
        released = true;
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const [pidText, owner] = readFileSync(file, 'utf8').trim().split(' ');
      const pid = Number(pidText);
      if (pid === process.pid || !Number.isInteger(pid) || !alive(pid)) {
        rmSync(file, { force: true });
        continue;
      }
      throw new DataDirBusyError(
        `${dir} is in use by ${owner ?? 'another process'} (pid ${pid}). Stop it first, or use the HTTP API while it runs.`,
      );
    }
  }
  throw new DataDirBusyError(`could not lock ${dir}`);
}
