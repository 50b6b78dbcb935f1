/**
 * The oracle: for every real report in the shared fixtures, the store must
 * hold exactly the passed/failed/skipped counts an independent parser gives.
 * Uploads go through the HTTP route; counts are read back from the store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/test-reports/', import.meta.url));
const expected = JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as {
  files: Record<string, { format: string; passed: number; failed: number; skipped: number }>;
};

let t: TestApp;
let keys: Awaited<ReturnType<TestApp['tenant']>>['keys'];
before(async () => {
  t = await startTestApp();
  keys = (await t.tenant('oracle')).keys;
});
after(() => t.close());

for (const [file, want] of Object.entries(expected.files)) {
  for (const format of ['auto', want.format]) {
    test(`${file} (format=${format}) stores ${want.passed}/${want.failed}/${want.skipped}`, async () => {
      const runId = `oracle-${format}-${file.replace(/[^A-Za-z0-9]/g, '-')}`;
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/uploads?format=${format}&runId=${runId}&fileName=${encodeURIComponent(file)}`,
        headers: { ...bearer(keys.ingest), 'content-type': 'application/octet-stream' },
        payload: readFileSync(`${FIXTURES}/${file}`),
      });
      assert.equal(upload.statusCode, 201, upload.body);
      assert.deepEqual(upload.json().runIds, [runId]);
      const run = await t.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}`, headers: bearer(keys.query) });
      assert.equal(run.statusCode, 200, run.body);
      const got = run.json();
      assert.deepEqual(
        { passed: got.passed, failed: got.failed + got.errors, skipped: got.skipped },
        { passed: want.passed, failed: want.failed, skipped: want.skipped },
      );
      assert.equal(got.total, want.passed + want.failed + want.skipped);
    });
  }
}
