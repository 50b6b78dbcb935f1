import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderReport } from '../../src/reports/render/index.ts';
import { sheetName } from '../../src/reports/render/xlsx.ts';
import { FORMULA_NAMES, NON_LATIN, sampleDoc } from './fixtures/sample-doc.ts';
import { python, tempDir } from './helpers.ts';

// Read back by openpyxl, an implementation independent of exceljs.
const READ = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames}
ws = wb[wb.sheetnames[-1]]
out["freeze"] = ws.freeze_panes
out["filter"] = ws.auto_filter.ref
out["header"] = [c.value for c in ws[1]]
out["header_bold"] = ws["A1"].font.b
out["header_fill"] = ws["A1"].fill.fgColor.rgb
out["rows"] = ws.max_row
out["formats"] = [ws.cell(row=2, column=i).number_format for i in range(1, ws.max_column + 1)]
out["types"] = [ws.cell(row=2, column=i).data_type for i in range(1, ws.max_column + 1)]
out["first"] = [str(ws.cell(row=2, column=i).value) for i in range(1, ws.max_column + 1)]
out["names"] = [ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)]
out["name_types"] = sorted({ws.cell(row=r, column=3).data_type for r in range(2, ws.max_row + 1)})
out["widths"] = [ws.column_dimensions[c].width for c in "ABCDEFG"]
s = wb["Summary"]
out["summary"] = [[str(c.value) for c in row if c.value is not None] for row in s.iter_rows()]
print(json.dumps(out))
`;

test('XLSX: summary first, one sheet per section, frozen styled header, filter, formats', async () => {
  const file = join(tempDir(), 'report.xlsx');
  const r = await renderReport(sampleDoc(150), 'xlsx', file);
  assert.ok(r.bytes > 0);
  const x = JSON.parse(python(READ, file));
  assert.equal(x.sheets[0], 'Summary');
  assert.equal(x.sheets.length, 12, 'summary + 11 sections');
  assert.ok(x.sheets.includes('Suite → status (sankey)'));
  assert.equal(x.freeze, 'A2');
  assert.equal(x.filter, 'A1:G151');
  assert.deepEqual(x.header, ['started_at', 'suite', 'test_name', 'status', 'duration', 'retries', 'flaky']);
  assert.equal(x.header_bold, true);
  assert.equal(x.header_fill, 'FF1F3864');
  assert.equal(x.rows, 151);
  assert.equal(x.formats[0], 'yyyy-mm-dd hh:mm:ss');
  assert.equal(x.formats[4], '[h]:mm:ss.000');
  // openpyxl reads the duration column as a time delta ('d'), which is the point.
  assert.deepEqual(x.types, ['d', 's', 's', 's', 'd', 'n', 'b']);
  assert.match(x.first[4], /^0:00:0\d\.\d+$|^0:00:00$/);
  assert.equal(x.first[0], '2026-11-18 01:00:00', 'wall clock in Europe/Berlin');
  // Formula-looking names are stored as strings, never as formulas.
  assert.deepEqual(x.name_types, ['s']);
  for (const f of FORMULA_NAMES)
    assert.ok(
      x.names.some((n: string) => n.startsWith(f)),
      f
    );
  for (const n of NON_LATIN)
    assert.ok(
      x.names.some((v: string) => v.startsWith(n)),
      n
    );
  assert.ok(x.widths[2] > x.widths[6], 'test_name wider than flaky');
  const flat = x.summary.flat().join(' | ');
  for (const s of [
    'Weekly test health',
    'ACME Corp (Ωmega) (acme)',
    '2026-11-18 01:00 – 2026-11-25 01:00 (Europe/Berlin)',
    'branch = "main"',
    'Pass rate',
    '93.4%',
  ]) {
    assert.ok(flat.includes(s), `summary has ${s}`);
  }
});

test('sheet names are valid and unique', () => {
  const used = new Set<string>();
  assert.equal(sheetName('a/b:c', used), 'a b c');
  assert.equal(sheetName('A/B:C', used), 'A B C 2');
  assert.equal(sheetName('x'.repeat(40), used).length, 31);
});

test('XLSX cells escape markup, drop XML-invalid controls and skip nulls', async () => {
  const doc = sampleDoc(0);
  doc.summary = undefined;
  doc.sections = [
    {
      title: 'edge',
      visualization: 'table',
      columns: [
        { name: 's', type: 'string' },
        { name: 'n', type: 'number', unit: 'percent' },
        { name: 't', type: 'time' },
      ],
      rows: [
        ['a<b>&c "q"', 12.5, '2026-11-25 18:00:00'],
        ['ctrl\u0001char\ttab', null, null],
        [null, -3, new Date(Date.UTC(2026, 6, 1, 12))],
      ],
    },
  ];
  const file = join(tempDir(), 'edge.xlsx');
  await renderReport(doc, 'xlsx', file);
  const got = JSON.parse(
    python(
      `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["edge"]
print(json.dumps([[None if c.value is None else str(c.value) for c in row] for row in ws.iter_rows(min_row=2)]))
`,
      file
    )
  );
  assert.deepEqual(got, [
    ['a<b>&c "q"', '12.5', '2026-11-25 19:00:00'],
    ['ctrlchar\ttab', null, null],
    [null, '-3', '2026-07-01 14:00:00'],
  ]);
});
