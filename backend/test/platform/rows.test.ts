/** The pure parts of the sampler: percentiles, interval windows, window → rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAMPLES, percentile, pushBounded, Windows } from '../../src/platform/window.ts';
import { toSampleRows } from '../../src/platform/rows.ts';

test('nearest-rank percentiles', () => {
  const s = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
  assert.equal(percentile(s, 0.5), 50);
  assert.equal(percentile(s, 0.95), 95);
  assert.equal(percentile(s, 1), 100);
  assert.equal(percentile([7], 0.95), 7);
  assert.equal(percentile([], 0.5), undefined);
});

test('drain hands over one interval and starts an empty one', () => {
  const w = new Windows();
  w.of('t1').rowsIngested += 5;
  const first = w.drain();
  assert.equal(first.get('t1')!.rowsIngested, 5);
  assert.equal(w.drain().size, 0, 'nothing counted twice');
});

test('samples per interval are bounded', () => {
  const s: number[] = [];
  for (let i = 0; i < MAX_SAMPLES + 5; i++) pushBounded(s, i);
  assert.equal(s.length, MAX_SAMPLES);
  assert.equal(s[0], 5, 'oldest dropped');
});

test('an idle tenant gets counts and queue depth but no invented latencies', () => {
  const rows = toSampleRows('t1', 1000, undefined, 42);
  const byMetric = Object.fromEntries(rows.map((r) => [r.metric, r.value]));
  assert.deepEqual(byMetric, { queue_depth_rows: 42, rows_ingested: 0, batches: 0, queries: 0, query_errors: 0 });
  assert.ok(rows.every((r) => r.tenant_id === 't1' && r.ts === 1000));
});

test('an active tenant gets latency percentiles of its own samples', () => {
  const rows = toSampleRows('t1', 1, { rowsIngested: 9, batchMs: [10, 20, 30], queries: 2, queryErrors: 1, queryMs: [5, 50] }, 0);
  const m = Object.fromEntries(rows.map((r) => [r.metric, r.value]));
  assert.equal(m.rows_ingested, 9);
  assert.equal(m.batches, 3);
  assert.equal(m.batch_latency_p50_ms, 20);
  assert.equal(m.batch_latency_max_ms, 30);
  assert.equal(m.query_latency_p95_ms, 50);
  assert.equal(m.query_errors, 1);
});
