/**
 * The PDF worker pool: sequential renders reuse one worker; concurrent
 * renders use at most the pool size; a render that fails (its destination
 * breaks) terminates its worker, and the next render still produces a PDF
 * that poppler reads identically to one from a fresh worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { renderReport } from '../../src/reports/render/index.ts';
import { pdfPool } from '../../src/reports/render/pdf/worker-host.ts';
import { sampleDoc } from './fixtures/sample-doc.ts';
import { run, tempDir } from './helpers.ts';

const text = (file: string) => run('pdftotext', file, '-');

test('workers are reused after clean renders and replaced after a failed one', async () => {
  const dir = tempDir();
  const startedBefore = pdfPool.started;
  await renderReport(sampleDoc(50), 'pdf', join(dir, 'a.pdf'));
  await renderReport(sampleDoc(50), 'pdf', join(dir, 'b.pdf'));
  assert.equal(pdfPool.started - startedBefore, 1, 'the second render reused the first worker');
  const first = text(join(dir, 'a.pdf'));
  assert.match(first, /Weekly test health/);
  // Same document, same text: nothing of the first render leaked into the second (generatedAt is fixed).
  assert.equal(text(join(dir, 'b.pdf')), first);

  await Promise.all([1, 2, 3].map((i) => renderReport(sampleDoc(50), 'pdf', join(dir, `c${i}.pdf`))));
  assert.ok(pdfPool.started - startedBefore <= pdfPool.size, `at most ${pdfPool.size} workers`);
  for (const i of [1, 2, 3]) assert.equal(text(join(dir, `c${i}.pdf`)), first);

  const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('disk full')) });
  const retired = pdfPool.retired;
  await assert.rejects(renderReport(sampleDoc(50), 'pdf', broken), /disk full/);
  assert.equal(pdfPool.retired, retired + 1, 'the failed job terminated its worker instead of returning it');
  await renderReport(sampleDoc(50), 'pdf', join(dir, 'd.pdf'));
  assert.equal(text(join(dir, 'd.pdf')), first, 'the render after a failure is intact');
  assert.ok(readFileSync(join(dir, 'd.pdf')).subarray(0, 5).equals(Buffer.from('%PDF-')));
});
