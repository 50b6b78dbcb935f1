/**
 * A named pipe (FIFO) the engine writes an export into while we read it: the
 * rows are counted, encrypted and uploaded as the engine produces them, and no
 * plaintext copy of the export is ever written to disk. The engine's `file()`
 * output is sequential (text formats, Parquet and Avro alike: no seeks), so a
 * FIFO is a valid target for INSERT INTO FUNCTION file.
 *
 * Invariants (a blocked engine thread would stall every later engine query):
 * - our read end is open before the engine opens its write end, so the
 *   engine's open never waits for a reader;
 * - we also hold a write end ("keeper") until the engine's command settled, so
 *   the read side sees EOF only after the engine is done (a FIFO with no writer
 *   reads as EOF, also before the engine opened it);
 * - the read end is never closed before the engine's command settled: when our
 *   side fails (storage error, cancel) the bytes are drained and dropped, so the
 *   engine's writes never block on a full pipe with nobody reading.
 * The FIFO is created 0600 in the private temp directory (temp-files.ts), so a
 * crash leaves only an empty FIFO, swept like the temp files.
 */
import { execFile } from 'node:child_process';
import { close, constants, open } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { tempPath } from './temp-files.ts';

const openFd = promisify(open);
const closeFd = promisify(close);

export interface EnginePipe {
  /** Give this path to the engine as the file to write. */
  readonly path: string;
  /** The bytes the engine writes, with backpressure; ends after `settled()` without error. */
  readonly body: Readable;
  /** The engine's command settled: end the body (or fail it with `err`). */
  settled(err?: unknown): void;
  /** After `settled()`: closes both ends and removes the FIFO. */
  close(): Promise<void>;
}

/** Creates the FIFO; rejects when the platform has none (the caller falls back to a temp file). */
export async function openEnginePipe(dir: string, name: string): Promise<EnginePipe> {
  const path = await tempPath(dir, name);
  await rm(path, { force: true }); // a leftover of the same run name (crash, retry)
  await promisify(execFile)('mkfifo', ['-m', '600', '--', path]);
  let readFd: number | undefined;
  let keeper: number | undefined;
  try {
    // Non-blocking opens: the read end first (a write end cannot open without a reader).
    readFd = await openFd(path, constants.O_RDONLY | constants.O_NONBLOCK);
    keeper = await openFd(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    if (readFd !== undefined) await closeFd(readFd).catch(() => undefined);
    await rm(path, { force: true });
    throw err;
  }
  const socket = new Socket({ fd: readFd, readable: true, writable: false });
  let failed: unknown = null;
  let draining = false;
  const body = new Readable({
    highWaterMark: 1 << 20,
    read: () => void socket.resume(),
    destroy(err, done) {
      // Our side gave up: keep reading (and dropping) until the engine is done.
      draining = true;
      socket.resume();
      done(err);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!draining && !body.push(chunk)) socket.pause();
  });
  socket.on('end', () => {
    if (!draining && failed === null) body.push(null);
  });
  socket.on('error', (err) => body.destroy(err));
  return {
    path,
    body,
    settled(err?: unknown) {
      if (err !== undefined) {
        failed = err;
        body.destroy(err instanceof Error ? err : new Error(String(err)));
      }
      const fd = keeper;
      keeper = undefined;
      if (fd !== undefined) close(fd, () => undefined);
    },
    async close() {
      if (keeper !== undefined) await closeFd(keeper).catch(() => undefined);
      keeper = undefined;
      socket.destroy();
      await rm(path, { force: true });
    },
  };
}
