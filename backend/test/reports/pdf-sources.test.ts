import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderReport } from '../../src/reports/render/index.ts';
import { MAX_CHART_ROWS } from '../../src/reports/render/charts/section.ts';
import type { ReportDocument } from '../../src/reports/render/model.ts';
import { sampleDoc } from './fixtures/sample-doc.ts';
import { run, runStderr, tempDir } from './helpers.ts';

test('a chart reads a capped prefix of a huge source and closes it', async () => {
  let produced = 0;
  let closed = false;
  async function* endless(): AsyncGenerator<unknown[]> {
    try {
      for (;;) yield [new Date(Date.UTC(2026, 0, 1) + produced * 60_000), produced++ % 100];
    } finally {
      closed = true;
    }
  }
  const doc: ReportDocument = {
    ...sampleDoc(0),
    sections: [
      {
        title: 'Endless line',
        visualization: 'line',
        columns: [
          { name: 't', type: 'time' },
          { name: 'v', type: 'number' },
        ],
        rows: endless(),
      },
    ],
  };
  const file = join(tempDir(), 'endless.pdf');
  const r = await renderReport(doc, 'pdf', file);
  assert.equal(r.rows, MAX_CHART_ROWS);
  assert.ok(produced <= MAX_CHART_ROWS + 1000, `read ${produced} rows, at most one batch past the cap`);
  assert.equal(closed, true, 'source closed');
  assert.match(run('pdftotext', file, '-'), /Chart drawn from the first 20,000 rows/);
  // A page whose content exceeds one 64 KiB transfer chunk must arrive intact.
  assert.ok(r.bytes > 100_000);
  assert.equal(runStderr('pdftotext', file, '/dev/null'), '', 'poppler parses it without errors');
});
