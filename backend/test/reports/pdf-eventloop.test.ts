import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderReport } from '../../src/reports/render/index.ts';
import type { ReportDocument } from '../../src/reports/render/model.ts';
import { TABLE_COLUMNS, sampleDoc } from './fixtures/sample-doc.ts';
import { run, runStderr, tempDir } from './helpers.ts';

// 20k rows here keeps the suite fast; bench/reports.ts renders 100k.
const ROWS = 20_000;

async function* slowSource(n: number): AsyncGenerator<unknown[]> {
  const { tableRows } = await import('./fixtures/sample-doc.ts');
  yield* tableRows(n);
}

test('a 20k-row PDF renders in a worker while the event loop keeps ticking', async () => {
  const base = sampleDoc(0);
  const doc: ReportDocument = {
    ...base,
    sections: [{ title: 'Results', visualization: 'table', columns: TABLE_COLUMNS, rows: slowSource(ROWS) }],
  };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const file = join(tempDir(), 'big.pdf');
  const r = await renderReport(doc, 'pdf', file);
  clearInterval(timer);
  assert.equal(r.rows, ROWS);
  // Not a timing threshold: had rendering run on this thread, the interval
  // could not have fired at all until it finished.
  assert.ok(ticks > 20, `event loop ticked ${ticks} times during render`);
  assert.equal(runStderr('pdftotext', file, '/dev/null'), '', 'poppler parses without errors');
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))?.[1]);
  assert.equal(pages, r.pages);
  const last = run('pdftotext', '-f', String(pages), '-l', String(pages), file, '-');
  assert.match(last, new RegExp(`Page ${pages} of ${pages}`));
  assert.match(last, new RegExp(`-2\\+3 #${ROWS - 3}\\b`));
});
