import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../../src/reports/render/index.ts';
import type { Format, ReportDocument } from '../../src/reports/render/model.ts';
import { TABLE_COLUMNS, sampleDoc, tableRows } from './fixtures/sample-doc.ts';
import { tempDir } from './helpers.ts';

async function* failing(): AsyncGenerator<unknown[]> {
  yield* tableRows(1500);
  throw new Error('query stream broke');
}

const docWithFailingRows = (): ReportDocument => ({
  ...sampleDoc(0),
  sections: [{ title: 'Results', visualization: 'table', columns: TABLE_COLUMNS, rows: failing() }],
});

for (const format of ['pdf', 'xlsx', 'csv', 'ndjson'] as Format[]) {
  test(`${format}: a failing row source rejects the render and leaves no partial file`, async () => {
    const file = join(tempDir(), `broken.${format}`);
    await assert.rejects(renderReport(docWithFailingRows(), format, file), /query stream broke/);
    assert.equal(existsSync(file), false, 'no partial file is left behind');
  });
}
