/**
 * The oracle: every real report in the shared fixtures parses (with format
 * auto-detection) to the counts an independent parser reports in
 * expected.json. failed = failed + error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../../src/ingest/formats/index.ts';
import { FIXTURES, counts } from './helpers.ts';

interface Expected {
  format: string;
  passed: number;
  failed: number;
  skipped: number;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')).files as Record<string, Expected>;

test('the shared fixtures are all listed', () => {
  assert.ok(Object.keys(expected).length >= 16);
});

for (const [file, want] of Object.entries(expected)) {
  test(`fixture ${file} → ${want.format} ${want.passed}/${want.failed}/${want.skipped}`, () => {
    const body = readFileSync(join(FIXTURES, file));
    const auto = parseReport(body, { fileName: file });
    assert.equal(auto.format, want.format);
    assert.deepEqual(counts(auto), { passed: want.passed, failed: want.failed, skipped: want.skipped });
    // Declaring the format explicitly gives the same result.
    assert.deepEqual(counts(parseReport(body, { format: want.format })), counts(auto));
    for (const tc of auto.cases) {
      assert.ok(tc.name.length > 0, 'every case has a name');
      assert.ok(tc.suite.length > 0, 'every case has a suite');
      assert.ok(Number.isFinite(tc.durationMs) && tc.durationMs >= 0);
    }
  });
}
