/**
 * The four flakiness detectors. Each looks at the in-scope, non-outage runs
 * of one test up to and including the current run (oldest first) and returns
 * the evidence — run ids — when the current run makes it fire, else null.
 * They are causal: nothing after the current run is read, so the state
 * history they produce is what a live monitor would have said at the time.
 *
 * The flip and failure-rate detectors only fire on a run whose final outcome
 * passed: until a failure streak ends we cannot tell a flaky failure from the
 * start of a breakage, and counting it early would flag every broken test as
 * flaky on its way to broken. The cost is one run of detection delay.
 */
import type { FailureRateConfig, FlipsConfig, SameCommitConfig } from './config.ts';
import type { RunFacts } from './run-facts.ts';

const DAY_MS = 86_400_000;

export function passOnRetrySignal(current: RunFacts): string[] | null {
  return current.passedOnRetry ? [current.run.runId] : null;
}

/** A pass and a fail (final outcomes) on one commit within the lookback. */
export function sameCommitSignal(seq: readonly RunFacts[], cfg: SameCommitConfig): string[] | null {
  const current = seq[seq.length - 1];
  if (!current) return null;
  const since = current.run.startedAt - cfg.lookbackDays * DAY_MS;
  for (let i = seq.length - 2; i >= 0; i--) {
    const prev = seq[i]!;
    if (prev.run.startedAt < since) break;
    if (prev.run.commitSha === current.run.commitSha && prev.run.commitSha !== '' && prev.finalFailed !== current.finalFailed) {
      return [prev.run.runId, current.run.runId];
    }
  }
  return null;
}

/**
 * Status flips (failing ↔ passing, by `anyFailed`) among the last
 * `windowRuns` runs, ignoring runs of a broken streak so that one breakage
 * and its fix never count as flakiness. Fires on a flip run when the window
 * holds at least `minFlips` flips.
 */
export function flipsSignal(seq: readonly RunFacts[], cfg: FlipsConfig): string[] | null {
  const window = seq.slice(-cfg.windowRuns).filter((f) => !f.inBrokenStreak);
  const current = seq[seq.length - 1];
  if (!current || current.finalFailed || window.length < 2) return null;
  const flips: string[] = [];
  for (let i = 1; i < window.length; i++) {
    if (window[i]!.anyFailed !== window[i - 1]!.anyFailed) flips.push(window[i]!.run.runId);
  }
  const currentFlipped = flips[flips.length - 1] === current.run.runId;
  return currentFlipped && flips.length >= cfg.minFlips ? flips : null;
}

/**
 * Failure rate over the last `windowDays`, outside broken streaks, with a
 * minimum run count. The rate counts failure EPISODES — a run of consecutive
 * failing runs counts once — so a breakage fixed two runs later weighs like
 * one flaky failure, not two; a flaky test's failures are mostly isolated
 * and barely affected.
 */
export function failureRateSignal(seq: readonly RunFacts[], cfg: FailureRateConfig, freshOnly: boolean): string[] | null {
  const current = seq[seq.length - 1];
  const previous = seq[seq.length - 2];
  if (!current || current.finalFailed) return null;
  // For a test already flaky only the end of a new episode is fresh evidence
  // (this run needed a retry, or the one before failed); otherwise a window
  // full of old episodes would postpone recovery by the window length.
  if (freshOnly && !current.anyFailed && !(previous && previous.anyFailed && !previous.inBrokenStreak)) return null;
  const since = current.run.startedAt - cfg.windowDays * DAY_MS;
  let runs = 0;
  const episodes: string[] = [];
  let first = seq.length;
  while (first > 0 && seq[first - 1]!.run.startedAt >= since) first--;
  let prevFailing = false;
  for (let i = first; i < seq.length; i++) {
    const f = seq[i]!;
    if (f.inBrokenStreak) {
      prevFailing = false;
      continue;
    }
    runs++;
    if (f.anyFailed && !prevFailing) episodes.push(f.run.runId);
    prevFailing = f.anyFailed;
  }
  return runs >= cfg.minRuns && episodes.length / runs >= cfg.minRate ? episodes : null;
}
