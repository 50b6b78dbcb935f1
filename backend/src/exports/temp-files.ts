/**
 * The one plaintext copy of an export: the file the engine writes before we
 * stream it (encrypting or uploading) to storage. The engine cannot write
 * into a stream of ours (see formats.ts), so the file must exist; this module
 * keeps it as short-lived and as private as the process can make it:
 *
 * - it lives in DATA_DIR/tmp (0700, created here), named `export-<job>.r<token>.<ext>`;
 * - we create it empty with mode 0600 before the engine writes, and the
 *   engine truncates it in place (engine_file_truncate_on_insert), so it is
 *   never readable by another user, not even for the first bytes;
 * - it is deleted in `finally` whatever happens to the run;
 * - a crash skips `finally`: `sweepTempFiles` (called when the export service
 *   opens, while this process holds the DATA_DIR lock) removes leftovers.
 *
 * What remains (threat model): while a job runs, the plaintext is on the local
 * disk, readable by root and by this process's user; deleted blocks are not
 * overwritten (unlink, not shred; on SSDs/copy-on-write file systems shredding
 * would not be reliable anyway). Put DATA_DIR on an encrypted volume when that
 * matters.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { chmod, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const TEMP_PREFIX = 'export-';

export function exportTempDir(dataDir: string): string {
  return join(dataDir, 'tmp');
}

/** Checks `name` (a job id, run token and extension), makes `dir` private (0700); returns the temp path. */
export async function tempPath(dir: string, name: string): Promise<string> {
  if (!/^[0-9a-f-]{36}(?:\.r\d{1,15})?\.[a-z.]+$/.test(name)) throw new Error(`invalid export temp name ${JSON.stringify(name)}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // an existing directory may have been created with looser bits
  return join(dir, `${TEMP_PREFIX}${name}`);
}

/** Creates `name` (0600) in `dir` (0700), runs fn with its path, deletes it afterwards. */
export async function withTempFile<T>(dir: string, name: string, fn: (path: string) => Promise<T>): Promise<T> {
  const path = await tempPath(dir, name);
  // 'w' (not 'wx'): a leftover of the same job id (a retry after a crash) is truncated and reused.
  await (await open(path, 'w', 0o600)).close();
  await chmod(path, 0o600);
  try {
    return await fn(path);
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * Removes every export temp file in `dir`. Only safe while no export runs in
 * any process using this DATA_DIR: the export service calls it when it opens
 * (the server holds the DATA_DIR lock by then). Returns the names removed.
 */
export function sweepTempFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed = names.filter((n) => n.startsWith(TEMP_PREFIX));
  for (const n of removed) rmSync(join(dir, n), { force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return removed;
}
