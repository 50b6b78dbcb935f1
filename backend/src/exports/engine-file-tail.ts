/**
 * The engine's temp file (temp-files.ts) read while the engine writes it, as
 * an EnginePipe (engine-pipe.ts), so pipedExport counts, encrypts and uploads
 * the export during the engine's write instead of after it: the file is still
 * the engine's target (a local file write is the engine's fastest path),
 * only the read moves earlier.
 *
 * Invariants:
 * - every byte the engine wrote is read: a read that finds no new bytes ends
 *   the body only when the engine's command had settled before that read
 *   started (otherwise it waits `pollMs`, or until `settled()`, and reads
 *   again); the engine writes sequentially, so bytes once read never change;
 * - the file we read is the file the engine wrote: the handle is opened on
 *   the path the engine was given and, at the end, the path must still be
 *   the same inode with exactly the bytes read (the engine truncates in place);
 * - bounded memory: a read happens only when the consumer asks (backpressure),
 *   at most `chunkBytes` at a time; a short read is copied to its own size
 *   so a small chunk never pins a whole read buffer.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { EnginePipe } from './engine-pipe.ts';

export interface TailOptions {
  chunkBytes?: number;
  /** How long to wait at the end of the bytes written so far before looking again. */
  pollMs?: number;
}

export function tailEngineFile(path: string, opts: TailOptions = {}): EnginePipe {
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  const pollMs = opts.pollMs ?? 10;
  let fh: FileHandle | null = null;
  let offset = 0;
  let settled = false;
  let failure: Error | null = null;
  let wake: () => void = () => undefined;

  const waitForBytes = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wake = () => undefined;
        resolve();
      }
      wake = done;
    });

  const pull = async (): Promise<void> => {
    if (!fh) {
      const opened = await open(path, 'r');
      if (body.destroyed) return void (await opened.close());
      fh = opened;
    }
    const h = fh;
    for (;;) {
      if (body.destroyed) return;
      const ended = settled; // before the read: bytes written before the command settled are all visible to it
      const buf = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await h.read(buf, 0, chunkBytes, offset);
      if (bytesRead > 0) {
        offset += bytesRead;
        body.push(bytesRead < chunkBytes >> 2 ? Buffer.from(buf.subarray(0, bytesRead)) : buf.subarray(0, bytesRead));
        return;
      }
      if (ended) {
        if (failure) throw failure;
        const [opened, now] = await Promise.all([h.stat(), stat(path)]);
        if (opened.ino !== now.ino || now.size !== offset)
          throw new Error(`export temp file changed under the reader (read ${offset} bytes, file has ${now.size})`);
        body.push(null);
        return;
      }
      await waitForBytes();
    }
  };

  const body = new Readable({
    highWaterMark: chunkBytes,
    read() {
      pull().catch((err: unknown) => body.destroy(err instanceof Error ? err : new Error(String(err))));
    },
    destroy(err, cb) {
      wake();
      const h = fh;
      fh = null;
      if (!h) return cb(err);
      h.close().then(
        () => cb(err),
        () => cb(err)
      );
    },
  });

  return {
    path,
    body,
    settled(err?: unknown) {
      if (err !== undefined) {
        failure = err instanceof Error ? err : new Error(String(err));
        // The engine failed: the partial bytes are not an export; the upload fails now, not at the end.
        body.destroy(failure);
      }
      settled = true;
      wake();
    },
    async close() {
      body.destroy();
      await new Promise<void>((resolve) => (body.closed ? resolve() : body.once('close', () => resolve())));
    },
  };
}
