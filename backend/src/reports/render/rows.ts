/**
 * Rows are consumed once, incrementally. Sync arrays and async iterables are
 * read through the same loop; `yieldEvery` hands the event loop back
 * periodically so a long CPU-bound writer never starves timers or sockets.
 */
import { setImmediate as tick } from 'node:timers/promises';
import type { Rows } from './model.ts';

export async function* iterateRows(rows: Rows, yieldEvery = 2000): AsyncGenerator<unknown[]> {
  let n = 0;
  for await (const row of rows as AsyncIterable<unknown[]>) {
    yield row;
    if (++n % yieldEvery === 0) await tick();
  }
}

/** Reads at most `limit` rows (charts need the data in memory; tables never do). */
export async function takeRows(rows: Rows, limit: number): Promise<{ rows: unknown[][]; truncated: boolean }> {
  const out: unknown[][] = [];
  for await (const row of iterateRows(rows)) {
    if (out.length >= limit) return { rows: out, truncated: true };
    out.push(row);
  }
  return { rows: out, truncated: false };
}
