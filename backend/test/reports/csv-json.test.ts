import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../../src/reports/render/index.ts';
import { csvField, neutralizeFormula } from '../../src/reports/render/csv.ts';
import type { ReportDocument } from '../../src/reports/render/model.ts';
import { FORMULA_NAMES, NON_LATIN, TABLE_COLUMNS, sampleDoc, tableRows } from './fixtures/sample-doc.ts';
import { python, tempDir } from './helpers.ts';

const tableDoc = (n: number): ReportDocument => {
  const doc = sampleDoc(0);
  return {
    ...doc,
    sections: [{ title: 'results', visualization: 'table', columns: TABLE_COLUMNS, rows: tableRows(n) }],
  };
};

test('OWASP formula neutralization keeps plain numbers', () => {
  for (const s of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\tx', '\rx', '\0x']) assert.equal(neutralizeFormula(s)[0], "'");
  for (const s of ['-12.5', '+3', '-1e5', 'plain', 'a=b']) assert.equal(neutralizeFormula(s), s);
  assert.equal(csvField('=cmd'), `"'=cmd"`);
  assert.equal(csvField('a "b", c'), '"a ""b"", c"');
});

test('CSV is RFC 4180 and parses back with Python csv, formulas neutralized', async () => {
  const file = join(tempDir(), 'out.csv');
  const r = await renderReport(tableDoc(60), 'csv', file);
  assert.equal(r.rows, 60);
  const raw = readFileSync(file, 'utf8');
  assert.equal(r.bytes, Buffer.byteLength(raw));
  assert.ok(raw.split('\r\n').length >= 61, 'CRLF record separators');
  const parsed = JSON.parse(
    python(
      'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))',
      file
    )
  ) as string[][];
  assert.deepEqual(
    parsed[0],
    TABLE_COLUMNS.map((c) => c.name)
  );
  assert.equal(parsed.length, 61);
  const names = parsed.slice(1).map((row) => row[2]!);
  for (const f of FORMULA_NAMES)
    assert.ok(
      names.some((n) => n.startsWith(`'${f} #`)),
      f
    );
  assert.ok(
    names.every((n) => !/^[=+\-@]/.test(n)),
    'no cell starts with a formula character'
  );
  for (const nl of NON_LATIN)
    assert.ok(
      names.some((n) => n.startsWith(nl)),
      nl
    );
  assert.ok(
    names.some((n) => n.includes('"remember me"\nsecond line')),
    'quotes and newlines survive'
  );
  const retries = parsed.slice(1).map((row) => row[5]);
  assert.ok(retries.includes('-1'), 'negative numbers stay numbers');
  assert.match(parsed[1]![0]!, /^2026-11-18T01:00:00\+01:00$/);
});

test('JSON and NDJSON stream valid documents', async () => {
  const dir = tempDir();
  const j = await renderReport(tableDoc(25), 'json', join(dir, 'a.json'));
  const nd = await renderReport(tableDoc(25), 'ndjson', join(dir, 'a.ndjson'));
  assert.equal(j.rows, 25);
  assert.equal(nd.rows, 25);
  const arr = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Record<string, unknown>[];
  assert.equal(arr.length, 25);
  assert.equal(arr[0]!.started_at, '2026-11-18T00:00:00.000Z');
  const lines = readFileSync(join(dir, 'a.ndjson'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines, arr);
  const empty = await renderReport(tableDoc(0), 'json', join(dir, 'e.json'));
  assert.equal(empty.rows, 0);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8')), []);
});

test('unknown section is a coded error', async () => {
  await assert.rejects(renderReport(tableDoc(1), 'csv', join(tempDir(), 'x.csv'), { section: 3 }), {
    code: 'REPORT_SECTION_MISSING',
  });
});
