/**
 * Each detector on its own (the others disabled), with hand-built histories.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTest } from '../../src/intelligence/monitors/evaluate.ts';
import { resolveMonitorConfig, type MonitorConfigInput } from '../../src/intelligence/monitors/config.ts';
import { history, repeat, T0, HOUR, DAY } from './history-builder.ts';

const OFF = { sameCommit: { enabled: false }, passOnRetry: { enabled: false }, flips: { enabled: false }, failureRate: { enabled: false }, broken: { enabled: false } };
function only(over: MonitorConfigInput) {
  return resolveMonitorConfig({ ...OFF, ...over } as MonitorConfigInput);
}
const END = T0 + 200 * HOUR;

test('pass on retry: a failed attempt then a passing one in the same run flags the test, with that run as evidence', () => {
  const cfg = only({ passOnRetry: { enabled: true, minOccurrences: 1 } });
  const ev = evaluateTest(cfg, history('t', ['P', 'P', 'FP', 'P']), T0 + 4 * HOUR);
  assert.equal(ev.state, 'flaky');
  assert.deepEqual(ev.changes, [{ testId: 't', from: 'healthy', to: 'flaky', at: T0 + 2 * HOUR, reason: 'pass_on_retry', evidence: ['t-r2'] }]);
  // All attempts failing is not a pass on retry.
  assert.equal(evaluateTest(cfg, history('u', ['P', 'FF', 'P']), T0).state, 'healthy');
});

test('same commit, different outcome: a pass and a fail on one sha', () => {
  const cfg = only({ sameCommit: { enabled: true, minOccurrences: 1 } });
  const ev = evaluateTest(cfg, history('t', [{ a: 'P', sha: 'abc' }, { a: 'P', sha: 'def' }, { a: 'F', sha: 'abc' }]), T0 + 3 * HOUR);
  assert.equal(ev.state, 'flaky');
  assert.equal(ev.changes[0]!.reason, 'same_commit');
  assert.deepEqual(ev.changes[0]!.evidence, ['t-r0', 't-r2']);
  // Different commits failing and passing is not this signal.
  assert.equal(evaluateTest(cfg, history('u', ['P', 'F', 'P']), T0).state, 'healthy');
  // Outside the lookback the pair does not count.
  const old = history('v', [{ a: 'P', sha: 'abc', at: T0 }, { a: 'F', sha: 'abc', at: T0 + 20 * DAY }]);
  assert.equal(evaluateTest(cfg, old, T0 + 20 * DAY).state, 'healthy');
});

test('flips: at least minFlips status changes within the last windowRuns runs', () => {
  const cfg = only({ flips: { enabled: true, windowRuns: 10, minFlips: 4 } });
  // P F P F P: 4 flips, fires on the final pass.
  const ev = evaluateTest(cfg, history('t', ['P', 'F', 'P', 'F', 'P']), T0 + 5 * HOUR);
  assert.equal(ev.state, 'flaky');
  assert.equal(ev.changes[0]!.reason, 'flips');
  assert.deepEqual(ev.changes[0]!.evidence, ['t-r1', 't-r2', 't-r3', 't-r4']);
  // 3 flips: below threshold.
  assert.equal(evaluateTest(cfg, history('u', ['P', 'F', 'P', 'F']), T0).state, 'healthy');
  // Flips spread wider than the window do not add up.
  const spread = history('w', ['P', 'F', 'P', ...repeat('P', 12), 'F', 'P']);
  assert.equal(evaluateTest(cfg, spread, T0 + 17 * HOUR).state, 'healthy');
});

test('failure rate: share of failing runs over the window, only with enough runs', () => {
  const cfg = only({ failureRate: { enabled: true, windowDays: 1, minRuns: 10, minRate: 0.2 } });
  const runs = ['P', 'F', 'P', 'P', 'F', 'P', 'P', 'P', 'F', 'P', 'P', 'P'];
  const ev = evaluateTest(cfg, history('t', runs), T0 + 12 * HOUR);
  assert.equal(ev.state, 'flaky');
  assert.equal(ev.changes[0]!.reason, 'failure_rate');
  assert.deepEqual(ev.changes[0]!.evidence, ['t-r1', 't-r4', 't-r8']);
  // Same pattern but only 6 runs: under minRuns.
  assert.equal(evaluateTest(cfg, history('u', ['P', 'F', 'P', 'F', 'P', 'P']), T0).state, 'healthy');
  // 1 failure in 12 runs: under minRate.
  assert.equal(evaluateTest(cfg, history('v', ['P', 'F', ...repeat('P', 10)]), T0).state, 'healthy');
});

test('broken: K consecutive final failures; kept apart from flaky; a pass fixes it', () => {
  const cfg = resolveMonitorConfig({ broken: { consecutiveFailures: 3 } });
  const ev = evaluateTest(cfg, history('t', ['P', 'P', 'F', 'F', 'F', 'F']), T0 + 6 * HOUR);
  assert.equal(ev.state, 'broken');
  assert.deepEqual(ev.changes, [{ testId: 't', from: 'healthy', to: 'broken', at: T0 + 4 * HOUR, reason: 'broken', evidence: ['t-r2', 't-r3', 't-r4'] }]);
  const fixed = evaluateTest(cfg, history('u', ['P', 'F', 'F', 'F', 'F', 'P', 'P']), T0 + 7 * HOUR);
  assert.equal(fixed.state, 'healthy');
  assert.deepEqual(fixed.changes.map((c) => [c.to, c.reason]), [['broken', 'broken'], ['healthy', 'fixed']]);
});

test('a breakage and its fix never count as flakiness (streak excluded from flips and rate)', () => {
  const cfg = resolveMonitorConfig({
    broken: { consecutiveFailures: 3 }, flips: { windowRuns: 20, minFlips: 2 }, failureRate: { windowDays: 2, minRuns: 5, minRate: 0.1 },
  });
  const ev = evaluateTest(cfg, history('t', [...repeat('P', 10), ...repeat('F', 6), ...repeat('P', 10)]), T0 + 26 * HOUR);
  assert.equal(ev.state, 'healthy');
  assert.ok(ev.changes.every((c) => c.to !== 'flaky'));
});

test('infrastructure outage guard: runs where too many tests failed are ignored', () => {
  const cfg = resolveMonitorConfig({ maxRunFailureRatio: 0.3, passOnRetry: { minOccurrences: 1 }, sameCommit: { minOccurrences: 1 } });
  const runs = [{ a: 'FP', ratio: 0.8 }, 'P', { a: 'F', sha: 'sha1', ratio: 0.9 }, { a: 'P', sha: 'sha1' }];
  const ev = evaluateTest(cfg, history('t', runs), T0 + 4 * HOUR);
  assert.equal(ev.state, 'healthy');
  assert.equal(ev.runsIgnoredAsOutage, 2);
  // Below the ratio, the same runs are evidence.
  assert.equal(evaluateTest(cfg, history('u', [{ a: 'FP', ratio: 0.2 }]), T0).state, 'flaky');
});

test('branch scope: flips on a feature branch are ignored when scoped to main', () => {
  const cfg = only({ flips: { enabled: true, branches: ['main'], windowRuns: 10, minFlips: 2 } });
  const feature = history('t', ['P', 'F', 'P', 'F', 'P'].map((a) => ({ a, branch: 'feature/x' })));
  assert.equal(evaluateTest(cfg, feature, END).state, 'healthy');
  const wildcard = only({ flips: { enabled: true, branches: ['feature/*'], windowRuns: 10, minFlips: 2 } });
  assert.equal(evaluateTest(wildcard, feature, T0 + 5 * HOUR).state, 'flaky');
  // Empty scope = all branches.
  const all = only({ flips: { enabled: true, branches: [], windowRuns: 10, minFlips: 2 } });
  assert.equal(evaluateTest(all, feature, T0 + 5 * HOUR).state, 'flaky');
});

test('recovery: healthy again after recoveryDays without new evidence, dated at the end of the period', () => {
  const cfg = resolveMonitorConfig({ recoveryDays: 2, passOnRetry: { minOccurrences: 1 } });
  const h = history('t', ['FP', 'P', 'P'], DAY);
  const stillFlaky = evaluateTest(cfg, h, T0 + 2 * DAY);
  assert.equal(stillFlaky.state, 'flaky');
  const recovered = evaluateTest(cfg, h, T0 + 3 * DAY);
  assert.equal(recovered.state, 'healthy');
  assert.deepEqual(recovered.changes.at(-1), { testId: 't', from: 'flaky', to: 'healthy', at: T0 + 2 * DAY, reason: 'recovered', evidence: [] });
  // New evidence inside the period keeps it flaky.
  const again = evaluateTest(cfg, history('u', ['FP', 'P', 'FP', 'P'], DAY), T0 + 4 * DAY);
  assert.equal(again.state, 'flaky');
});

test('skipped runs are not evidence of anything', () => {
  const ev = evaluateTest(resolveMonitorConfig(), history('t', [...repeat('S', 10), 'P']), END);
  assert.equal(ev.state, 'healthy');
  assert.equal(ev.runsConsidered, 1);
});

test('attempt order is by attempt number, not array order', () => {
  const h = history('t', ['PF']); // array order: passed, failed
  h.runs[0]!.attempts = [{ status: 'passed', attempt: 2, isFinal: true }, { status: 'failed', attempt: 1, isFinal: false }];
  assert.equal(evaluateTest(only({ passOnRetry: { enabled: true, minOccurrences: 1 } }), h, T0).state, 'flaky');
});

test('event detectors need minOccurrences events within windowDays; once flaky, one event is fresh evidence', () => {
  const cfg = only({ passOnRetry: { enabled: true, minOccurrences: 3, windowDays: 2 } });
  // Two events: not enough.
  assert.equal(evaluateTest(cfg, history('a', ['FP', 'P', 'FP', 'P']), T0 + 4 * HOUR).state, 'healthy');
  // Three within two days: flaky, with all three runs as evidence.
  const ev = evaluateTest(cfg, history('b', ['FP', 'P', 'FP', 'FP']), T0 + 4 * HOUR);
  assert.equal(ev.state, 'flaky');
  assert.deepEqual(ev.changes[0]!.evidence, ['b-r0', 'b-r2', 'b-r3']);
  // Three spread over more than the window: healthy.
  assert.equal(evaluateTest(cfg, history('c', ['FP', 'P', 'FP', 'P', 'FP'], DAY), T0 + 5 * DAY).state, 'healthy');
  // Flaky, then one event every 10 days keeps it flaky past the 14-day recovery.
  const keep = history('d', [...['FP', 'FP', 'FP'].map((a, i) => ({ a, at: T0 + i * HOUR })), { a: 'FP', at: T0 + 10 * DAY }, { a: 'P', at: T0 + 20 * DAY }]);
  const kept = evaluateTest(resolveMonitorConfig({ ...OFF, passOnRetry: { enabled: true, minOccurrences: 3, windowDays: 2 }, recoveryDays: 14 } as MonitorConfigInput), keep, T0 + 20 * DAY);
  assert.equal(kept.state, 'flaky');
  assert.equal(kept.lastFlakyEvidenceAt, T0 + 10 * DAY);
});

test('failure rate counts episodes: a short breakage counts once', () => {
  const cfg = only({ failureRate: { enabled: true, windowDays: 2, minRuns: 10, minRate: 0.15 } });
  // Three failing runs in a row among 12: one episode (8 %), not 25 %.
  assert.equal(evaluateTest(cfg, history('t', ['P', 'P', 'F', 'F', 'F', ...repeat('P', 7)]), END).state, 'healthy');
  // Two isolated failures among 12: two episodes (17 %).
  assert.equal(evaluateTest(cfg, history('u', ['P', 'F', 'P', 'P', 'F', ...repeat('P', 7)]), END).state, 'flaky');
});
