/**
 * The streamed export of a line format: the engine writes into a named pipe
 * (engine-pipe.ts), or into its temp file read back as it grows
 * (engine-file-tail.ts), while the bytes are counted (row-counter.ts),
 * optionally gzipped and put to storage (encrypted at rest or uploaded) at
 * the same time. Compared with writing a temp file and then reading it twice
 * (rows, upload), the upload overlaps the engine's write and the file is
 * read once (through the pipe, nothing plaintext reaches the disk).
 *
 * Invariant: the engine's command and the upload both settle before this
 * returns or throws (the pipe is closed only then; see engine-pipe.ts). A
 * storage failure or a cancel drops the rest of the engine's bytes; the
 * engine's own failure fails the upload, which removes its partial object.
 */
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { EnginePipe } from './engine-pipe.ts';
import { countRows, type CountedFormat } from './row-counter.ts';
import type { ExportStorage } from './storage/export-storage.ts';

export interface PipedExport {
  pipe: EnginePipe;
  /** The engine's write, targeting `pipe.path` (params include it). */
  write: { sql: string; params: Record<string, unknown> };
  format: CountedFormat;
  gzip: boolean;
  storageKey: string;
  signal: AbortSignal;
  /** Rows counted so far (throttled). */
  onRows(rows: number): void;
  /** Maps an engine error (e.g. to EXPORT_MEMORY_LIMIT). */
  engineError(err: unknown): unknown;
}

export async function pipedExport(
  analytics: AnalyticsDriver,
  storage: ExportStorage,
  p: PipedExport
): Promise<{ rows: number; bytes: number }> {
  const counter = countRows(p.format, p.onRows);
  const stages: (Readable | Transform)[] = [p.pipe.body, counter.stream, ...(p.gzip ? [createGzip()] : [])];
  // Any stage failing (or storage destroying the body) destroys the pipe's body, which then drains.
  const body = pipeline(stages as [Readable, Transform], () => undefined) as unknown as Readable;
  const abort = () => body.destroy(p.signal.reason instanceof Error ? p.signal.reason : new Error('cancelled'));
  p.signal.addEventListener('abort', abort, { once: true });
  try {
    const upload = storage.put(p.storageKey, body);
    // A store that failed without reading its body must not leave the engine writing into a full pipe.
    upload.catch(() => body.destroy());
    const write = analytics.command(p.write.sql, p.write.params).then(
      () => p.pipe.settled(),
      (err: unknown) => {
        const mapped = p.engineError(err);
        p.pipe.settled(mapped);
        throw mapped;
      }
    );
    const [w, u] = await Promise.allSettled([write, upload]);
    if (w.status === 'rejected') throw w.reason;
    if (u.status === 'rejected') throw u.reason;
    p.signal.throwIfAborted();
    return { rows: counter.rows(), bytes: u.value.bytes };
  } finally {
    p.signal.removeEventListener('abort', abort);
    await p.pipe.close();
  }
}
