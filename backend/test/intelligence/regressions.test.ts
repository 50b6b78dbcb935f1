import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRegressions } from '../../src/intelligence/regressions/detect.ts';
import { samplesSql, rowsToSeries } from '../../src/intelligence/regressions/samples-sql.ts';
import { Random } from '../../src/intelligence/sim/random.ts';
import { assertTenantGuarded, assertNoValuesInSql } from './sql-guard.ts';

function sample(rng: Random, n: number, median: number, sigma = 0.1): number[] {
  return Array.from({ length: n }, () => median * Math.exp(sigma * rng.normal()));
}

test('a 30 % slowdown is flagged with its effect sizes; 5 % drift and noise are not', () => {
  const rng = new Random(42);
  const series = [
    { key: 'slow', metric: 'duration_ms', baseline: sample(rng, 30, 100), current: sample(rng, 30, 130) },
    { key: 'drift', metric: 'duration_ms', baseline: sample(rng, 30, 100), current: sample(rng, 30, 105) },
    { key: 'same', metric: 'duration_ms', baseline: sample(rng, 30, 100), current: sample(rng, 30, 100) },
  ];
  const [slow, drift, same] = detectRegressions(series);
  assert.equal(slow!.status, 'regressed');
  assert.ok(slow!.relativeShift > 0.2 && slow!.relativeShift < 0.4, `shift ${slow!.relativeShift}`);
  assert.ok(slow!.cliffsDelta > 0.8);
  assert.ok(slow!.qValue < 0.001);
  assert.equal(drift!.status, 'unchanged'); // maybe significant, but under the 20 % threshold
  assert.equal(same!.status, 'unchanged');
});

test('outliers do not make a regression', () => {
  const rng = new Random(3);
  const baseline = sample(rng, 40, 200);
  const current = sample(rng, 40, 200);
  for (let i = 0; i < 4; i++) current[i] = 2000; // four runs on a slow machine
  assert.equal(detectRegressions([{ key: 'x', metric: 'duration_ms', baseline, current }])[0]!.status, 'unchanged');
});

test('too few samples → insufficient, never flagged', () => {
  const f = detectRegressions([{ key: 'x', metric: 'duration_ms', baseline: [1, 1, 1], current: [9, 9, 9] }])[0]!;
  assert.equal(f.status, 'insufficient');
  assert.equal(f.qValue, 1);
});

test('direction: for a lower-is-worse metric a drop is the regression', () => {
  const rng = new Random(5);
  const f = detectRegressions([{ key: 'fps', metric: 'frames_per_s', direction: 'lower_is_worse', baseline: sample(rng, 20, 60), current: sample(rng, 20, 40) }])[0]!;
  assert.equal(f.status, 'regressed');
  assert.ok(f.relativeMedianChange < -0.2);
});

test('improvements are reported as such', () => {
  const rng = new Random(6);
  const f = detectRegressions([{ key: 'x', metric: 'duration_ms', baseline: sample(rng, 20, 100), current: sample(rng, 20, 50) }])[0]!;
  assert.equal(f.status, 'improved');
});

test('Benjamini–Hochberg keeps 200 null series quiet even with a low threshold', () => {
  const rng = new Random(11);
  const nulls = Array.from({ length: 200 }, (_, i) => ({ key: `n${i}`, metric: 'duration_ms', baseline: sample(rng, 15, 100, 0.3), current: sample(rng, 15, 100, 0.3) }));
  const flagged = detectRegressions(nulls, { threshold: 0, alpha: 0.05, minSamples: 10 }).filter((f) => f.status === 'regressed');
  assert.ok(flagged.length <= 2, `flagged ${flagged.length}`);
});

test('samples SQL: per test, per suite and per metric, tenant-guarded, pinned baseline runs bound', () => {
  const base = { tenant: 'acme', project: 'web', current: { from: 0, to: 1000 } };
  for (const level of ['test', 'suite', 'metric'] as const) {
    const q = samplesSql({ ...base, level, metric: 'page_load_time', baseline: { kind: 'period', from: -1000, to: 0 }, branch: 'main' });
    assertTenantGuarded(q, 'acme');
    assertNoValuesInSql(q, ['page_load_time', "'main'"]);
  }
  const pinned = samplesSql({ ...base, level: 'test', baseline: { kind: 'runs', runIds: ['run-42'] } });
  assert.deepEqual(pinned.params.baseRuns, ['run-42']);
  assertNoValuesInSql(pinned, ['run-42']);
  const series = rowsToSeries([
    { key: 'a', side: 'baseline', vals: [1, 2] }, { key: 'a', side: 'current', vals: [3] }, { key: 'b', side: 'current', vals: [4] },
  ], 'duration_ms');
  assert.deepEqual(series, [
    { key: 'a', metric: 'duration_ms', baseline: [1, 2], current: [3] },
    { key: 'b', metric: 'duration_ms', baseline: [], current: [4] },
  ]);
});
