/**
 * The streaming row counter (row-counter.ts) against what the engine writes:
 * CSV with quoted newlines and doubled quotes, TSV/NDJSON escapes, the JSON
 * array's framing, zero rows, and every split of the bytes into chunks (a
 * quote or newline at a chunk edge must not change the count).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countRows, type CountedFormat } from '../../src/exports/row-counter.ts';

async function count(format: CountedFormat, text: string, chunkBytes: number): Promise<number> {
  const c = countRows(format);
  const bytes = Buffer.from(text);
  const done = new Promise<void>((resolve, reject) => {
    c.stream.on('data', () => undefined).on('end', resolve).on('error', reject);
  });
  for (let i = 0; i < bytes.length; i += chunkBytes) c.stream.write(bytes.subarray(i, i + chunkBytes));
  c.stream.end();
  await done;
  return c.rows();
}

// Outputs of the engine (CSVWithNames, TSVWithNames, JSONEachRow, its array form) for 0, 1 and 3 rows
// of (number, 'a\nb"c' || number).
const CASES: [CountedFormat, string, number][] = [
  ['csv', '"number","s"\n', 0],
  ['csv', '"number","s"\n0,"a\nb""c0"\n', 1],
  ['csv', '"number","s"\n0,"a\nb""c0"\n1,"a\nb""c1"\n2,"a\nb""c2"\n', 3],
  ['csv', '"n"\n""""\n"\n"\n"x"\n', 3],
  ['tsv', 'number\ts\n', 0],
  ['tsv', 'number\ts\n0\ta\\nb"c0\n1\ta\\nb"c1\n2\ta\\nb"c2\n', 3],
  ['tsv', 's\n\n\nx\n', 3],
  ['ndjson', '', 0],
  ['ndjson', '{"number":0,"s":"a\\nb\\"c0"}\n{"number":1,"s":"a\\nb\\"c1"}\n', 2],
  ['json', '[\n\n]\n', 0],
  ['json', '[\n{"number":0,"s":"a\\nb\\"c0"}\n]\n', 1],
  ['json', '[\n{"number":0},\n{"number":1},\n{"number":2}\n]\n', 3],
];

test('rows counted from the stream match the engine output for every chunking', async () => {
  for (const [format, text, rows] of CASES) {
    for (const chunk of [1, 2, 3, 7, 1 << 16]) {
      assert.equal(await count(format, text, chunk), rows, `${format} ${JSON.stringify(text)} in ${chunk}-byte chunks`);
    }
  }
});

test('progress reports the rows so far', async () => {
  const seen: number[] = [];
  const c = countRows('ndjson', (n) => seen.push(n), 0);
  c.stream.resume();
  c.stream.write('{}\n{}\n');
  c.stream.write('{}\n');
  await new Promise<void>((resolve) => c.stream.end(resolve));
  assert.deepEqual(seen, [2, 3]);
  assert.equal(c.rows(), 3);
});
