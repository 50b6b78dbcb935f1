/**
 * The monitor evaluator: a pure function from test histories to per-test
 * state transitions (healthy | flaky | broken) with the runs behind each.
 *
 * Per test, runs are replayed oldest first:
 *   1. runs where more than maxRunFailureRatio of tests failed are dropped
 *      (infrastructure outage guard), and so are runs where the test only
 *      skipped;
 *   2. a flaky test with no new flaky evidence for recoveryDays becomes
 *      healthy (the transition is dated at the end of the recovery period);
 *   3. `broken.consecutiveFailures` final failures in a row (broken scope)
 *      make it broken; a passing run in that scope ends it;
 *   4. otherwise any enabled detector firing makes a healthy test flaky.
 * Broken outranks flaky: a consistently failing test is not flaky, and its
 * streak is excluded from the flip and failure-rate detectors.
 */
import type { DetectedState, TestHistory } from '../types.ts';
import type { MonitorConfig } from './config.ts';
import { runFacts } from './run-facts.ts';
import { ScopedSequence } from './sequence.ts';
import { EventWindow } from './event-window.ts';
import { failureRateSignal, flipsSignal, passOnRetrySignal, sameCommitSignal } from './signals.ts';

const DAY_MS = 86_400_000;

export type ChangeReason = 'pass_on_retry' | 'same_commit' | 'flips' | 'failure_rate' | 'broken' | 'fixed' | 'recovered';

export interface StateChange {
  testId: string;
  from: DetectedState;
  to: DetectedState;
  /** Epoch ms. */
  at: number;
  reason: ChangeReason;
  /** Run ids that justify the change (empty for a recovery, which is the absence of evidence). */
  evidence: string[];
}

export interface TestEvaluation {
  testId: string;
  state: DetectedState;
  since: number | null;
  changes: StateChange[];
  lastFlakyEvidenceAt: number | null;
  /** Runs considered after the outage guard, and runs dropped by it. */
  runsConsidered: number;
  runsIgnoredAsOutage: number;
}

export function evaluateTest(config: MonitorConfig, history: TestHistory, asOf: number): TestEvaluation {
  const recoveryMs = config.recoveryDays * DAY_MS;
  const k = config.broken.consecutiveFailures;
  const seqs = {
    sameCommit: new ScopedSequence(config.sameCommit.branches, k),
    passOnRetry: new ScopedSequence(config.passOnRetry.branches, k),
    flips: new ScopedSequence(config.flips.branches, k),
    failureRate: new ScopedSequence(config.failureRate.branches, k),
    broken: new ScopedSequence(config.broken.branches, k),
  };
  let state = 'healthy' as DetectedState; // widened: closures below mutate it
  let since: number | null = null;
  let lastEvidence: number | null = null;
  let considered = 0;
  let outages = 0;
  const changes: StateChange[] = [];
  const events = {
    passOnRetry: new EventWindow(config.passOnRetry.windowDays * DAY_MS, config.passOnRetry.minOccurrences),
    sameCommit: new EventWindow(config.sameCommit.windowDays * DAY_MS, config.sameCommit.minOccurrences),
  };
  const change = (to: DetectedState, at: number, reason: ChangeReason, evidence: string[]) => {
    changes.push({ testId: history.testId, from: state, to, at, reason, evidence });
    state = to;
    since = at;
  };
  const recover = (now: number) => {
    if (state === 'flaky' && lastEvidence !== null && now - lastEvidence > recoveryMs) {
      change('healthy', lastEvidence + recoveryMs, 'recovered', []);
    }
  };

  const runs = [...history.runs].sort((a, b) => a.startedAt - b.startedAt);
  for (const run of runs) {
    if (run.runFailureRatio > config.maxRunFailureRatio) {
      outages++;
      continue;
    }
    const facts = runFacts(run);
    if (!facts) continue;
    considered++;
    recover(run.startedAt);

    const fired: Array<[ChangeReason, string[] | null]> = [];
    let freshEvent = false;
    if (config.passOnRetry.enabled && seqs.passOnRetry.push(facts)) {
      const event = passOnRetrySignal(facts);
      freshEvent ||= event !== null;
      fired.push(['pass_on_retry', events.passOnRetry.add(run.startedAt, event)]);
    }
    if (config.sameCommit.enabled && seqs.sameCommit.push(facts)) {
      const event = sameCommitSignal(seqs.sameCommit.runs, config.sameCommit);
      freshEvent ||= event !== null;
      fired.push(['same_commit', events.sameCommit.add(run.startedAt, event)]);
    }
    if (config.flips.enabled && seqs.flips.push(facts)) fired.push(['flips', flipsSignal(seqs.flips.runs, config.flips)]);
    if (config.failureRate.enabled && seqs.failureRate.push(facts)) fired.push(['failure_rate', failureRateSignal(seqs.failureRate.runs, config.failureRate, state !== 'healthy')]);
    const hit = fired.find(([, evidence]) => evidence !== null);
    // A single event is fresh evidence for a test already flaky (or just fixed).
    if (hit || (freshEvent && state !== 'healthy')) lastEvidence = run.startedAt;

    if (config.broken.enabled && seqs.broken.push(facts)) {
      const streak = seqs.broken.failureStreak();
      if (state !== 'broken' && streak >= k) {
        change('broken', run.startedAt, 'broken', seqs.broken.last(streak).map((f) => f.run.runId));
        continue;
      }
      if (state === 'broken' && streak === 0) {
        // Flaky evidence from before the breakage still counts once it is fixed.
        const stillFlaky = lastEvidence !== null && run.startedAt - lastEvidence <= recoveryMs;
        change(stillFlaky ? 'flaky' : 'healthy', run.startedAt, 'fixed', [run.runId]);
        continue;
      }
    }
    if (hit && state === 'healthy') change('flaky', run.startedAt, hit[0], hit[1]!);
  }
  recover(asOf);
  return { testId: history.testId, state, since, changes, lastFlakyEvidenceAt: lastEvidence, runsConsidered: considered, runsIgnoredAsOutage: outages };
}

/** Evaluates every history; `asOf` (epoch ms) is when recovery periods are measured to. */
export function evaluateMonitors(config: MonitorConfig, histories: readonly TestHistory[], asOf: number): TestEvaluation[] {
  return histories.map((h) => evaluateTest(config, h, asOf));
}
