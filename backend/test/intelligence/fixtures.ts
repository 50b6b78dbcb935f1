/**
 * Real failures from the shared report fixtures, read with the real report
 * parsers (ingest/formats), so the signature tests see exactly what
 * ingestion will hand computeSignature.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../src/ingest/formats/index.ts';
import type { ParsedTestCase } from '../../src/ingest/model.ts';

export const FIXTURES = process.env.SEMANTEST_FIXTURES ?? '/work/shared/fixtures/test-reports';

export function failingCases(relative: string): ParsedTestCase[] {
  const report = parseReport(readFileSync(join(FIXTURES, relative)), { fileName: relative });
  return report.cases.filter((c) => (c.status === 'failed' || c.status === 'error') && c.error);
}

export function failingCase(relative: string, name: string): ParsedTestCase {
  const found = failingCases(relative).find((c) => c.name === name);
  if (!found) throw new Error(`no failing case "${name}" in ${relative}`);
  return found;
}
