import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_STATUSES } from '../src/ingest/model.ts';

test('test statuses are the four outcomes the schema stores', () => {
  assert.deepEqual([...TEST_STATUSES], ['passed', 'failed', 'error', 'skipped']);
});
