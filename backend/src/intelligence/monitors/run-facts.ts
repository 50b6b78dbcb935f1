/**
 * Per-run facts the detectors read, derived once from a run's attempts.
 * `anyFailed` (some attempt failed) measures how reliable the test is,
 * independent of the retry policy; `finalFailed` (the outcome CI acted on)
 * decides breakage; `passedOnRetry` is a failing attempt followed by a
 * passing one in the same run.
 */
import { isFailing, type RunOutcome } from '../types.ts';

export interface RunFacts {
  run: RunOutcome;
  anyFailed: boolean;
  finalFailed: boolean;
  passedOnRetry: boolean;
  /** Set by the streak tracker: this run belongs to a broken streak and is not flakiness evidence. */
  inBrokenStreak: boolean;
}

/** Null when the test did not execute in the run (skipped or no attempts). */
export function runFacts(run: RunOutcome): RunFacts | null {
  const attempts = [...run.attempts].filter((a) => a.status !== 'skipped').sort((a, b) => a.attempt - b.attempt);
  if (attempts.length === 0) return null;
  const final = attempts.find((a) => a.isFinal) ?? attempts[attempts.length - 1]!;
  let sawFailure = false;
  let passedOnRetry = false;
  for (const a of attempts) {
    if (isFailing(a.status)) sawFailure = true;
    else if (a.status === 'passed' && sawFailure) passedOnRetry = true;
  }
  return { run, anyFailed: sawFailure, finalFailed: isFailing(final.status), passedOnRetry, inBrokenStreak: false };
}
