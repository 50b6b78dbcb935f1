/**
 * Counts the rows of a line-format export as its bytes stream past (from the
 * engine pipe to storage), so the final row count needs no second read of the
 * file. Exact for what the engine writes:
 * - CSV (RFC 4180, CSVWithNames): a newline inside double quotes is part of a
 *   value (quotes inside values are doubled, which toggles twice), every other
 *   newline ends a line; minus the header line;
 * - TSV (TSVWithNames), NDJSON: values cannot hold a raw newline (escaped), so
 *   every newline ends a row; minus TSV's header (a TSV row of one empty value
 *   is an empty line, and still a row);
 * - JSON (an array, one row per line): non-blank lines minus the "[" and "]"
 *   lines (no row is "[\n\n]\n").
 * `onRows` is called with the rows so far, at most every `everyMs`. CSV is
 * scanned with WebAssembly SIMD (csv-scan.ts; the byte loop where there is none).
 */
import { Transform } from 'node:stream';
import type { ExportFormat } from './formats.ts';
import { SLICE_BYTES, wasmCsvScan } from './csv-scan.ts';

const NL = 10;
const QUOTE = 34;

export type CountedFormat = 'csv' | 'tsv' | 'ndjson' | 'json';
export const COUNTED_FORMATS: ReadonlySet<ExportFormat> = new Set<ExportFormat>(['csv', 'tsv', 'ndjson', 'json']);

/** Lines of each format that are not rows. */
const FRAMING: Record<CountedFormat, number> = { csv: 1, tsv: 1, ndjson: 0, json: 2 };

export interface RowCounter {
  readonly stream: Transform;
  /** Rows in the bytes seen so far (all of them once the stream ended). */
  rows(): number;
}

export function countRows(format: CountedFormat, onRows: (rows: number) => void = () => undefined, everyMs = 250): RowCounter {
  let lines = 0;
  let inQuotes = 0; // CSV: 1 inside a quoted value
  let last = NL; // JSON: the byte before the current one (a newline after a newline is a blank line)
  let lastReport = Date.now();
  const rows = () => Math.max(0, lines - FRAMING[format]);
  const bytes = (b: Uint8Array) => {
    for (let i = 0, n = b.length; i < n; i++) {
      const c = b[i]!;
      // One compare for the common bytes: both special bytes are <= '"'.
      if (c <= QUOTE) {
        if (c === QUOTE) inQuotes ^= 1;
        else if (c === NL) lines += inQuotes ^ 1;
      }
    }
  };
  const simd = format === 'csv' ? wasmCsvScan() : null;
  const scan =
    format === 'csv'
      ? (b: Buffer) => {
          if (!simd) return bytes(b);
          // Whole 64-byte blocks in WebAssembly (csv-scan.ts), the last < 64 bytes of a slice here.
          for (let at = 0; at < b.length; at += SLICE_BYTES) {
            const slice = b.subarray(at, at + SLICE_BYTES);
            const whole = slice.length & ~63;
            simd.memory.set(slice.subarray(0, whole), 0);
            const r = simd.scan(0, whole, inQuotes);
            lines += r >>> 1;
            inQuotes = r & 1;
            bytes(slice.subarray(whole));
          }
        }
      : format === 'json'
        ? (b: Buffer) => {
            for (let i = b.indexOf(NL); i !== -1; i = b.indexOf(NL, i + 1)) {
              if ((i === 0 ? last : b[i - 1]) !== NL) lines++;
            }
            if (b.length > 0) last = b[b.length - 1]!;
          }
        : (b: Buffer) => {
            for (let i = b.indexOf(NL); i !== -1; i = b.indexOf(NL, i + 1)) lines++;
          };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      scan(chunk);
      const now = Date.now();
      if (now - lastReport >= everyMs) {
        lastReport = now;
        onRows(rows());
      }
      done(null, chunk);
    },
  });
  return { stream, rows };
}
