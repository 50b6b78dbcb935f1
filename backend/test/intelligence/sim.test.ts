/**
 * The simulator is the ground truth of the accuracy benchmark, so its own
 * promises are tested: determinism per seed, the populations it claims, and
 * outages that the default guard can see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateCi, expectedState } from '../../src/intelligence/sim/ci-history.ts';

const small = { days: 7, runsPerDay: 6, counts: { healthy: 20, flaky: 5, broken: 3, 'breakage-fixed': 3, 'branch-broken': 2 } };

test('same seed, same history; another seed, another one', () => {
  assert.deepEqual(simulateCi({ seed: 5, ...small }), simulateCi({ seed: 5, ...small }));
  assert.notDeepEqual(simulateCi({ seed: 5, ...small }).histories, simulateCi({ seed: 6, ...small }).histories);
});

test('populations, attempts and ground truth are what the options say', () => {
  const sim = simulateCi({ seed: 9, ...small, retries: 2 });
  assert.equal(sim.tests.length, 33);
  assert.equal(sim.runs.length, 42);
  assert.deepEqual(sim.tests.filter((t) => expectedState(t) === 'flaky').length, 5);
  for (const t of sim.tests.filter((x) => x.kind === 'flaky')) assert.ok(t.flakeRate >= 0.03 && t.flakeRate <= 0.4);
  for (const h of sim.histories) {
    assert.equal(h.runs.length, 42);
    for (const r of h.runs) {
      assert.ok(r.attempts.length >= 1 && r.attempts.length <= 3);
      assert.equal(r.attempts.filter((a) => a.isFinal).length, 1);
      // Retries happen only after a failure, and stop at the first pass.
      r.attempts.slice(0, -1).forEach((a) => assert.equal(a.status, 'failed'));
    }
  }
  // Broken tests fail every attempt of every run at the end on main.
  for (const t of sim.tests.filter((x) => x.kind === 'broken')) {
    const last = sim.histories.find((h) => h.testId === t.testId)!.runs.filter((r) => r.branch === 'main').at(-1)!;
    assert.ok(last.attempts.every((a) => a.status === 'failed'));
  }
});

test('outage runs show a failure ratio the default guard (0.3) catches', () => {
  const sim = simulateCi({ seed: 3, days: 28, runsPerDay: 8, outageRate: 0.1 });
  const ratio = new Map(sim.histories[0]!.runs.map((r) => [r.runId, r.runFailureRatio]));
  const outages = sim.runs.filter((r) => r.outage);
  assert.ok(outages.length > 5);
  const caught = outages.filter((r) => ratio.get(r.runId)! > 0.3).length;
  assert.ok(caught / outages.length > 0.9, `${caught}/${outages.length}`);
  const normal = sim.runs.filter((r) => !r.outage);
  assert.ok(normal.every((r) => ratio.get(r.runId)! < 0.3));
});
