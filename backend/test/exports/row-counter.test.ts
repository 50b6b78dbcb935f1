/**
 * The streaming row counter (row-counter.ts) against what the engine writes:
 * CSV with quoted newlines and doubled quotes, TSV/NDJSON escapes, the JSON
 * array's framing, zero rows, and every split of the bytes into chunks (a
 * quote or newline at a chunk edge must not change the count).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countRows, type CountedFormat } from '../../src/exports/row-counter.ts';
import { wasmCsvScan } from '../../src/exports/csv-scan.ts';

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

test('CSV counted in WebAssembly SIMD blocks equals the byte-by-byte count, across every block and chunk edge', async () => {
  assert.ok(wasmCsvScan() !== null, 'Node 20 has WebAssembly SIMD: the fast path is the one tested');
  // Deterministic pseudo-random bytes rich in quotes and newlines (xorshift32).
  let seed = 0x9e3779b9;
  const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), seed >>> 0);
  const alphabet = Buffer.from('"\n,ab"\n');
  for (const size of [63, 64, 65, 1000, 70_000, 2_200_000]) {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = alphabet[next() % (1 + (next() % alphabet.length))]!;
    let lines = 0;
    let quoted = 0;
    for (const b of bytes) {
      if (b === 34) quoted ^= 1;
      else if (b === 10) lines += quoted ^ 1;
    }
    const text = bytes.toString('latin1');
    for (const chunk of [1 + (next() % 200), 4096 + (next() % 64), 1 << 20]) {
      const c = countRows('csv');
      c.stream.resume();
      for (let i = 0; i < size; i += chunk) c.stream.write(Buffer.from(text.slice(i, i + chunk), 'latin1'));
      await new Promise<void>((resolve) => c.stream.end(resolve));
      assert.equal(c.rows(), Math.max(0, lines - 1), `${size} bytes in ${chunk}-byte chunks`);
    }
  }
});
