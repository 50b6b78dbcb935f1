/**
 * Progress while the engine writes a line format: count the newlines of the
 * bytes appended to the temp file since the last look (read back from the
 * page cache with a fixed 1 MiB buffer, so memory stays bounded).
 *
 * The total shown next to the progress is an estimate (row-estimate.ts). When
 * the rows written pass it, the estimate is raised to the rows written, so
 * progress never reads above 100 %. `stop()` takes one last look after the
 * write ended and returns the final row count (exact for formats whose values
 * cannot hold a raw newline: FormatSpec.lineRows.exact).
 */
import { open } from 'node:fs/promises';

export interface LineWatchHooks {
  /** Called when the rows written pass the current estimate (the new estimate = rows). */
  onEstimate(rows: number): Promise<void>;
  onRows(rowsWritten: number): void;
}

export function watchLines(path: string, headerLines: number, estimated: number, hooks: LineWatchHooks, everyMs = 250) {
  let offset = 0;
  let lines = 0;
  let estimate = estimated;
  let busy: Promise<void> = Promise.resolve();
  const buf = Buffer.alloc(1 << 20);
  const rows = () => Math.max(0, lines - headerLines);
  const look = async () => {
    const fh = await open(path, 'r').catch(() => null);
    if (!fh) return;
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        for (let i = buf.indexOf(10); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) lines++;
      }
    } finally {
      await fh.close();
    }
    if (rows() > estimate) {
      estimate = rows();
      await hooks.onEstimate(estimate);
    }
    hooks.onRows(rows());
  };
  const timer = setInterval(() => (busy = busy.then(look)), everyMs);
  return {
    /** Stops watching after one final look; resolves to the rows in the finished file. */
    async stop(): Promise<number> {
      clearInterval(timer);
      busy = busy.catch(() => undefined).then(look);
      await busy;
      return rows();
    },
  };
}
