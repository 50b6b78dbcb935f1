/**
 * Shapes shared by the intelligence modules. A test history is what the
 * monitors read: for one test, its runs oldest first, each with every
 * executed attempt. It is produced by monitors/history-sql.ts (ClickHouse)
 * or by sim/ci-history.ts (benchmarks and tests).
 */
import type { TestStatus } from '../ingest/model.ts';

export type { TestStatus };

export interface AttemptOutcome {
  status: TestStatus;
  /** 1-based attempt number within the run. */
  attempt: number;
  isFinal: boolean;
}

export interface RunOutcome {
  runId: string;
  commitSha: string;
  branch: string;
  /** Epoch milliseconds. */
  startedAt: number;
  attempts: AttemptOutcome[];
  /**
   * Share of the run's (non-skipped) tests that had at least one failing
   * attempt; the infrastructure-outage guard reads it. 0..1.
   */
  runFailureRatio: number;
}

export interface TestHistory {
  testId: string;
  name?: string;
  file?: string;
  /** Oldest first. */
  runs: RunOutcome[];
}

/** What detection can conclude; `quarantined` is a decision layered on top (quarantine/). */
export type DetectedState = 'healthy' | 'flaky' | 'broken';
export type TestState = DetectedState | 'quarantined';

/** Statuses that count as failing (the run_diff dataset's SQL uses the same list). */
export const FAILING_STATUSES: readonly TestStatus[] = Object.freeze(['failed', 'error']);

export function isFailing(status: TestStatus): boolean {
  return FAILING_STATUSES.includes(status);
}
