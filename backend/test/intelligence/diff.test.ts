import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffResults, type SideResult } from '../../src/intelligence/diff/diff.ts';
import { diffSidesSql, rowsToSides } from '../../src/intelligence/diff/sides-sql.ts';
import { assertTenantGuarded, assertNoValuesInSql } from './sql-guard.ts';

const r = (testId: string, status: SideResult['status'], durations: number[] = [100]): SideResult => ({ testId, status, durations });

test('classifies new failures, fixed, still failing, added and removed', () => {
  const before = [r('a', 'passed'), r('b', 'failed'), r('c', 'error'), r('d', 'passed'), r('gone', 'passed'), r('s', 'skipped')];
  const after = [r('a', 'failed'), r('b', 'passed'), r('c', 'failed'), r('d', 'passed'), r('new', 'failed'), r('s', 'error')];
  const d = diffResults(before, after);
  assert.deepEqual(d.newFailures.map((x) => x.testId), ['a', 's']);
  assert.deepEqual(d.fixed.map((x) => x.testId), ['b']);
  assert.deepEqual(d.stillFailing.map((x) => x.testId), ['c']);
  assert.deepEqual(d.added.map((x) => x.testId), ['new']);
  assert.deepEqual(d.removed.map((x) => x.testId), ['gone']);
  assert.equal(d.unchanged, 1);
});

test('a failing test that is now skipped is not "fixed"', () => {
  const d = diffResults([r('a', 'failed')], [r('a', 'skipped')]);
  assert.equal(d.fixed.length, 0);
  assert.equal(d.unchanged, 1);
});

test('duration changes: relative and absolute thresholds for single runs', () => {
  const d = diffResults(
    [r('slow', 'passed', [1000]), r('tiny', 'passed', [2]), r('small', 'passed', [1000]), r('fast', 'passed', [1000])],
    [r('slow', 'passed', [1500]), r('tiny', 'passed', [4]), r('small', 'passed', [1100]), r('fast', 'passed', [400])],
  );
  assert.deepEqual(d.slower.map((c) => [c.testId, c.relative]), [['slow', 0.5]]); // tiny: +2 ms is noise; small: +10 %
  assert.deepEqual(d.faster.map((c) => c.testId), ['fast']);
});

test('duration changes inside the spread of a jittery test are noise', () => {
  const jittery = [100, 300, 150, 400, 120, 350, 200];
  const moved = [160, 380, 200, 450, 180, 420, 260]; // median +30 %, well inside the spread
  const steady = [100, 101, 99, 100, 102, 98, 100];
  const d = diffResults([r('j', 'passed', jittery), r('s', 'passed', steady)], [r('j', 'passed', moved), r('s', 'passed', steady.map((v) => v * 1.3))]);
  assert.deepEqual(d.slower.map((c) => c.testId), ['s']);
});

test('sides SQL: both sides in one tenant-guarded statement, values bound', () => {
  const q = diffSidesSql('acme', 'web', { kind: 'run', runId: 'run-1' }, { kind: 'branch', branch: 'main', from: 0, to: 1 });
  assertTenantGuarded(q, 'acme');
  assertNoValuesInSql(q, ['run-1', "'main'"]);
  assert.equal(q.params.before_run, 'run-1');
  assert.equal(q.params.after_branch, 'main');
  for (const sel of [{ kind: 'commit', sha: 'abc' }, { kind: 'window', from: 0, to: 1 }] as const) assertTenantGuarded(diffSidesSql('acme', 'web', sel, sel), 'acme');
  const sides = rowsToSides([
    { side: 'before', test_id: 'a', test_name: 'A', last_status: 'failed', durations: [1] },
    { side: 'after', test_id: 'a', test_name: 'A', last_status: 'passed', durations: [2] },
  ]);
  assert.deepEqual(diffResults(sides.before, sides.after).fixed.map((x) => x.testId), ['a']);
});
