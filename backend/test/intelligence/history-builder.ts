/**
 * Compact hand-written histories for monitor tests. Each run is written as
 * its attempts, e.g. 'P' (passed), 'F' (failed), 'FP' (failed, then passed
 * on retry), 'S' (skipped), with optional branch, commit and outage ratio.
 * Runs are one hour apart starting at T0.
 */
import type { RunOutcome, TestHistory, TestStatus } from '../../src/intelligence/types.ts';

export const T0 = Date.UTC(2026, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface RunSpec {
  a: string;
  branch?: string;
  sha?: string;
  ratio?: number;
  at?: number;
}

const STATUS: Record<string, TestStatus> = { P: 'passed', F: 'failed', E: 'error', S: 'skipped' };

export function history(testId: string, runs: Array<string | RunSpec>, stepMs = HOUR): TestHistory {
  return {
    testId,
    runs: runs.map((r, i): RunOutcome => {
      const spec = typeof r === 'string' ? { a: r } : r;
      const letters = [...spec.a];
      return {
        runId: `${testId}-r${i}`,
        commitSha: spec.sha ?? `sha${i}`,
        branch: spec.branch ?? 'main',
        startedAt: spec.at ?? T0 + i * stepMs,
        runFailureRatio: spec.ratio ?? 0,
        attempts: letters.map((l, k) => ({ status: STATUS[l]!, attempt: k + 1, isFinal: k === letters.length - 1 })),
      };
    }),
  };
}

export function repeat(spec: string, n: number): string[] {
  return Array.from({ length: n }, () => spec);
}
