import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../../src/reports/render/index.ts';
import { NON_LATIN, sampleDoc } from './fixtures/sample-doc.ts';
import { run, runStderr, tempDir } from './helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('PDF: cover, every chart, repeated headers, page numbers, non-Latin text (poppler)', async () => {
  const dir = tempDir();
  const file = join(dir, 'report.pdf');
  const doc = sampleDoc(300, { async: true });
  const r = await renderReport(doc, 'pdf', file);
  assert.equal(r.bytes, statSync(file).size);
  const info = run('pdfinfo', file);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.equal(pages, r.pages);
  assert.ok(pages >= 8, `expected several pages, got ${pages}`);
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  assert.match(run('pdffonts', file), /DejaVuSansCondensed/);
  assert.equal(runStderr('pdftotext', file, '/dev/null'), '', 'poppler parses without errors');

  const pageTexts = Array.from({ length: pages }, (_, i) =>
    run('pdftotext', '-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-')
  );
  const all = pageTexts.join('\n');
  for (const s of [
    'Weekly test health — Проверка · 测试',
    'ACME Corp (Ωmega) (acme)',
    '2026-11-18 01:00 – 2026-11-25 01:00 (Europe/Berlin)',
    'branch = "main"',
    'Generated at',
  ]) {
    assert.ok(all.includes(s), `cover shows ${s}`);
  }
  for (const s of doc.sections) assert.ok(all.includes(s.title), `section title ${s.title}`);
  for (const n of NON_LATIN) assert.ok(all.includes(n), `non-Latin name ${n}`);
  pageTexts.forEach((t, i) => assert.ok(t.includes(`Page ${i + 1} of ${pages}`), `page number on page ${i + 1}`));
  // The table starts on some page and every later page repeats its header.
  const first = pageTexts.findIndex((t) => t.includes('All test results'));
  assert.ok(first >= 0);
  for (let i = first; i < pages; i++)
    assert.match(
      pageTexts[i]!,
      /started_at\s+suite\s+test_name\s+status\s+duration\s+retries\s+flaky/,
      `header on page ${i + 1}`
    );
  assert.ok(all.includes('-2+3 #297'), 'last rows rendered');
  // Units and zone-aware times in cells and axes.
  assert.match(all, /2026-11-18 01:00:00/);
  assert.match(all, /\d+(\.\d+)? s\b/);
  assert.match(all, /93\.4%/);

  run('pdftoppm', '-png', '-r', '60', '-f', '1', '-l', '6', file, join(dir, 'page'));
  const pngs = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  assert.equal(pngs.length, 6);
  for (const p of pngs) assert.ok(statSync(join(dir, p)).size > 5_000, `${p} has content`);
  if (process.env.SEMANTEST_UPDATE_ARTIFACTS === '1') {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    copyFileSync(file, join(ARTIFACTS, 'sample-report.pdf'));
    for (const p of pngs) copyFileSync(join(dir, p), join(ARTIFACTS, p.replace('page', 'sample-report-page')));
  }
});

test('PDF: an empty report and an empty table still render', async () => {
  const doc = sampleDoc(0);
  doc.sections = doc.sections.slice(-1);
  doc.summary = undefined;
  const file = join(tempDir(), 'empty.pdf');
  const r = await renderReport(doc, 'pdf', file);
  assert.equal(r.pages, 1);
  assert.match(run('pdftotext', file, '-'), /No rows\./);
});
