import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mannWhitneyU, normalUpperTail } from '../../src/intelligence/stats/mann-whitney.ts';
import { benjaminiHochberg, cliffsDelta, hodgesLehmann, mad, median } from '../../src/intelligence/stats/robust.ts';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b}`);

test('normal tail matches known quantiles', () => {
  close(normalUpperTail(1.959964), 0.025, 1e-6);
  close(normalUpperTail(0), 0.5, 1e-7);
  close(normalUpperTail(-1.644854), 0.95, 1e-6);
  close(normalUpperTail(3.090232), 0.001, 1e-6);
});

test('U statistic and p-value on fully separated samples', () => {
  const a = Array.from({ length: 10 }, (_, i) => i + 1);
  const b = Array.from({ length: 10 }, (_, i) => i + 11);
  const r = mannWhitneyU(a, b);
  assert.equal(r.u, 100);
  // mean 50, variance 10·10·21/12 = 175, continuity-corrected z = 49.5/√175
  close(r.z, 49.5 / Math.sqrt(175), 1e-12);
  close(r.pGreater, normalUpperTail(49.5 / Math.sqrt(175)), 1e-12);
  assert.ok(mannWhitneyU(b, a).pGreater > 0.99);
});

/** Exact one-sided p-value by enumerating every split of the pooled ranks (independent check). */
function exactPGreater(a: number[], b: number[]): number {
  const pooled = [...a, ...b];
  const uOf = (bb: number[], aa: number[]) => bb.reduce((s, y) => s + aa.reduce((t, x) => t + (y > x ? 1 : y === x ? 0.5 : 0), 0), 0);
  const observed = uOf(b, a);
  let total = 0;
  let extreme = 0;
  const n = pooled.length;
  const k = b.length;
  const choose = (start: number, picked: number[]) => {
    if (picked.length === k) {
      const bSet = new Set(picked);
      const bb = picked.map((i) => pooled[i]!);
      const aa = pooled.filter((_, i) => !bSet.has(i));
      total++;
      if (uOf(bb, aa) >= observed - 1e-9) extreme++;
      return;
    }
    for (let i = start; i <= n - (k - picked.length); i++) choose(i + 1, [...picked, i]);
  };
  choose(0, []);
  return extreme / total;
}

test('normal approximation with ties agrees with the exact permutation p-value', () => {
  const a = [1.8, 0.5, 1.6, 2.5, 1.7, 1.9, 1.6, 3.1, 1.3];
  const b = [2.9, 2.6, 2.5, 2.1, 3.1, 3.3, 1.9, 3.4];
  const approx = mannWhitneyU(a, b).pGreater;
  const exact = exactPGreater(a, b);
  close(approx, exact, 0.005, 'p');
  assert.ok(approx < 0.01);
  const tiesA = [1, 2, 2, 3, 3, 3, 4, 5];
  const tiesB = [3, 3, 4, 4, 5, 5, 6, 7, 7];
  close(mannWhitneyU(tiesA, tiesB).pGreater, exactPGreater(tiesA, tiesB), 0.01, 'p with ties');
});

test('all-equal samples give no evidence', () => {
  const r = mannWhitneyU([5, 5, 5], [5, 5, 5]);
  assert.equal(r.pGreater, 1);
  assert.equal(mannWhitneyU([], [1]).pGreater, 1);
});

test('robust summaries', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  close(mad([1, 2, 3, 4, 100]), 1.4826, 1e-9);
  assert.equal(hodgesLehmann([1, 2, 3], [4, 5, 6]), 3);
  close(cliffsDelta([1, 2, 3], [2, 3, 4]), 5 / 9, 1e-12);
  assert.equal(cliffsDelta([1, 2], [5, 6]), 1);
  assert.equal(cliffsDelta([5, 6], [1, 2]), -1);
});

test('Benjamini–Hochberg q-values (hand computed), monotone and in input order', () => {
  assert.deepEqual(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]).map((q) => +q.toFixed(10)), [0.02, 0.04, 0.04, 0.02]);
  assert.deepEqual(benjaminiHochberg([0.5, 0.9]), [0.9, 0.9]);
  assert.deepEqual(benjaminiHochberg([]), []);
});
