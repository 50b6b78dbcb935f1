/** Shared helpers for the report-format tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParsedReport, ParsedTestCase } from '../../../src/ingest/model.ts';
import { parseReport } from '../../../src/ingest/formats/index.ts';

export const SAMPLES = new URL('./samples/', import.meta.url);
/** shared/ sits beside the repository clone, locally and in CI. */
export const FIXTURES =
  process.env.SEMANTEST_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures/test-reports/', import.meta.url));

export function sample(name: string): Buffer {
  return readFileSync(new URL(name, SAMPLES));
}

export function parseSample(name: string, format?: string): ParsedReport {
  return parseReport(sample(name), format ? { format, fileName: name } : { fileName: name });
}

/** Counts the way expected.json does: failed includes error. */
export function counts(report: ParsedReport): { passed: number; failed: number; skipped: number } {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (const tc of report.cases) c[tc.status === 'error' ? 'failed' : tc.status]++;
  return c;
}

export function byName(report: ParsedReport, name: string): ParsedTestCase {
  const found = report.cases.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`expected exactly one case named ${name}, found ${found.length}`);
  return found[0] as ParsedTestCase;
}

export function statuses(report: ParsedReport): string[] {
  return report.cases.map((c) => `${c.name}=${c.status}`);
}
