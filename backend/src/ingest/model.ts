/**
 * The normalized shape every report format parses into. Parsers are pure:
 * bytes in, ParsedReport out, no I/O. The ingest service turns a ParsedReport
 * plus run metadata into rows.
 */

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

export const TEST_STATUSES: readonly TestStatus[] = ['passed', 'failed', 'error', 'skipped'];

export interface ParsedError {
  /** Exception class or failure type, e.g. `AssertionError`. */
  type?: string;
  /** One-line message. */
  message?: string;
  /** Full stack trace or failure body. */
  stack?: string;
}

/** One executed attempt of a test that was retried before its final outcome. */
export interface ParsedAttempt {
  status: TestStatus;
  durationMs: number;
  error?: ParsedError;
  stdout?: string;
  stderr?: string;
}

export interface ParsedTestCase {
  /** Suite (testsuite name, describe block, package, fixture …). */
  suite: string;
  name: string;
  className?: string;
  file?: string;
  /** Outcome of the final attempt. */
  status: TestStatus;
  durationMs: number;
  startedAt?: Date;
  error?: ParsedError;
  stdout?: string;
  stderr?: string;
  owner?: string;
  labels?: Record<string, string>;
  /**
   * Earlier attempts, oldest first, that preceded the final one (JUnit
   * rerunFailure/flakyFailure, TRX/NUnit retries, repeated go test runs).
   * The test case counts once, by `status`.
   */
  retries?: ParsedAttempt[];
}

export interface ParsedPerfSample {
  metric: string;
  value: number;
  unit?: string;
  ts?: Date;
  /** Optional test this sample belongs to. */
  suite?: string;
  testName?: string;
  labels?: Record<string, string>;
}

export interface ParsedReport {
  /** Format name as detected or given, e.g. `junit`, `trx`. */
  format: string;
  startedAt?: Date;
  durationMs?: number;
  /** Report-level properties (JUnit <properties>, TRX run settings …). */
  properties?: Record<string, string>;
  cases: ParsedTestCase[];
  perf?: ParsedPerfSample[];
}
