import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderReport } from '../../src/reports/render/index.ts';
import { VISUALIZATIONS, type Column, type ReportDocument, type Section } from '../../src/reports/render/model.ts';
import { sampleDoc } from './fixtures/sample-doc.ts';
import { python, run, runStderr, tempDir } from './helpers.ts';

const cols: Column[] = [
  { name: 'day', type: 'time' },
  { name: 'a', type: 'string' },
  { name: 'b', type: 'string' },
  { name: 'v', type: 'number', unit: 'ms' },
];
const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d));
const datasets: Record<string, unknown[][]> = {
  'one row': [[day(0), 'x', 'y', 5]],
  'all zero': [
    [day(0), 'x', 'y', 0],
    [day(1), 'x', 'z', 0],
  ],
  'negative and null': [
    [day(0), 'x', 'y', -5],
    [day(1), 'x', 'y', null],
    [day(2), 'w', 'y', 'oops'],
    [day(3), null, null, 7],
  ],
  'many categories': Array.from({ length: 120 }, (_, i) => [day(i % 60), `cat ${i}`, `t ${i % 30}`, (i * 37) % 101]),
};

test('every visualization survives degenerate data without producing a broken PDF', async () => {
  const sections: Section[] = [];
  for (const v of VISUALIZATIONS) {
    for (const [name, rows] of Object.entries(datasets)) {
      sections.push({
        title: `${v} / ${name}`,
        visualization: v,
        columns: cols,
        rows,
        thresholds: [{ value: 3, color: 'red' }],
      });
    }
    // Columns a chart cannot use (no metric) must render a message, not throw.
    sections.push({
      title: `${v} / no metric`,
      visualization: v,
      columns: [{ name: 's', type: 'string' }],
      rows: [['a'], ['b']],
    });
  }
  const doc: ReportDocument = { ...sampleDoc(0), sections };
  const file = join(tempDir(), 'degenerate.pdf');
  const r = await renderReport(doc, 'pdf', file);
  const text = run('pdftotext', file, '-');
  for (const s of sections) assert.ok(text.includes(s.title), s.title);
  assert.ok(!/NaN|Infinity|undefined/.test(text), 'no NaN/undefined labels');
  // Uncompressed content shows any NaN operand a renderer would choke on.
  const nanStreams = python(
    `
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
bad = 0
for m in re.finditer(rb"stream\\r?\\n(.*?)endstream", data, re.S):
    try:
        body = zlib.decompressobj().decompress(m.group(1))
    except zlib.error:
        body = m.group(1)
    bad += b"NaN" in body
print(bad)
`,
    file
  );
  assert.equal(nanStreams.trim(), '0', 'no NaN operand in any content stream');
  const stderr = runStderr(
    'pdftoppm',
    '-png',
    '-r',
    '20',
    '-f',
    '1',
    '-l',
    String(r.pages),
    file,
    join(tempDir(), 'p')
  );
  assert.equal(stderr, '');
});
