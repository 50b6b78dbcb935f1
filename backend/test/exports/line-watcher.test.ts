/**
 * The line watcher behind live export progress: rows passing the estimate
 * raise it (progress never reads above 100 %), and stop() counts what the
 * engine wrote after the last look.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchLines } from '../../src/exports/line-watcher.ts';

test('rows past the estimate raise it; stop() returns the final rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-watch-'));
  try {
    const file = join(dir, 'x.csv');
    writeFileSync(file, '"h"\n"a"\n');
    const seen: { rows: number; estimate: number }[] = [];
    let estimate = 2;
    // A long interval: only stop()'s final look runs, so the test does not depend on timing.
    const w = watchLines(file, 1, estimate, {
      onEstimate: async (n) => {
        estimate = n;
      },
      onRows: (rows) => seen.push({ rows, estimate }),
    }, 3_600_000);
    appendFileSync(file, '"b"\n"c"\n"d"\n');
    assert.equal(await w.stop(), 4);
    assert.equal(estimate, 4, 'raised to the rows written');
    assert.deepEqual(seen, [{ rows: 4, estimate: 4 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file the engine never created is zero rows', async () => {
  const w = watchLines('/nonexistent/semantest/x.csv', 1, 10, { onEstimate: async () => undefined, onRows: () => undefined }, 3_600_000);
  assert.equal(await w.stop(), 0);
});
