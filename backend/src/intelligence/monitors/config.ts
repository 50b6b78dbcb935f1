/**
 * Monitor configuration, per tenant and project. Every detector can be
 * switched off; each has its own branch scope because the signals differ in
 * how much a feature branch can mislead them: a pass on retry or a pass and a
 * fail on one commit are flakiness on any branch, while flips and failure
 * rates on a feature branch mostly record work in progress.
 *
 * Defaults are documented (and justified) in ../README.md; the accuracy
 * benchmark (bench/intelligence.ts) measures them.
 */
import { AppError } from '../../errors/app-error.ts';

/** Branch names; `*` matches any run of characters. Empty or ['*'] = all branches. */
export type BranchScope = string[];

/**
 * Event detectors (a pass on retry, a pass and a fail on one commit) need
 * `minOccurrences` events within `windowDays` to flag a healthy test; once a
 * test is flaky, every single event counts as fresh evidence. One event in a
 * month is what every test does now and then (an OOM kill, a network blip).
 */
export interface SameCommitConfig { enabled: boolean; branches: BranchScope; lookbackDays: number; minOccurrences: number; windowDays: number }
export interface PassOnRetryConfig { enabled: boolean; branches: BranchScope; minOccurrences: number; windowDays: number }
export interface FlipsConfig { enabled: boolean; branches: BranchScope; windowRuns: number; minFlips: number }
export interface FailureRateConfig {
  enabled: boolean;
  branches: BranchScope;
  windowDays: number;
  minRuns: number;
  /** Flag at or above this share of failing runs (0..1). */
  minRate: number;
}
export interface BrokenConfig { enabled: boolean; branches: BranchScope; consecutiveFailures: number }

export interface MonitorConfig {
  sameCommit: SameCommitConfig;
  passOnRetry: PassOnRetryConfig;
  flips: FlipsConfig;
  failureRate: FailureRateConfig;
  broken: BrokenConfig;
  /** A flaky test is healthy again after this many days without flaky evidence. */
  recoveryDays: number;
  /** Runs in which more than this share of tests failed are ignored (outages). */
  maxRunFailureRatio: number;
}

const DEFAULT_BRANCHES = ['main', 'master'];

export const DEFAULT_MONITOR_CONFIG: MonitorConfig = Object.freeze({
  sameCommit: { enabled: true, branches: [], lookbackDays: 14, minOccurrences: 3, windowDays: 14 },
  passOnRetry: { enabled: true, branches: [], minOccurrences: 3, windowDays: 14 },
  flips: { enabled: true, branches: DEFAULT_BRANCHES, windowRuns: 20, minFlips: 5 },
  failureRate: { enabled: true, branches: DEFAULT_BRANCHES, windowDays: 14, minRuns: 20, minRate: 0.04 },
  broken: { enabled: true, branches: DEFAULT_BRANCHES, consecutiveFailures: 5 },
  recoveryDays: 14,
  maxRunFailureRatio: 0.3,
}) as MonitorConfig;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
export type MonitorConfigInput = DeepPartial<MonitorConfig>;

function bad(field: string, detail: string): AppError {
  return new AppError('VALIDATION_FAILED', `monitor ${field}: ${detail}`, { extra: { field } });
}

function check(ok: boolean, field: string, detail: string): void {
  if (!ok) throw bad(field, detail);
}

/** Merges a partial config over the defaults and validates the ranges. */
export function resolveMonitorConfig(input: MonitorConfigInput = {}): MonitorConfig {
  const d = DEFAULT_MONITOR_CONFIG;
  const c: MonitorConfig = {
    sameCommit: { ...d.sameCommit, ...input.sameCommit },
    passOnRetry: { ...d.passOnRetry, ...input.passOnRetry },
    flips: { ...d.flips, ...input.flips },
    failureRate: { ...d.failureRate, ...input.failureRate },
    broken: { ...d.broken, ...input.broken },
    recoveryDays: input.recoveryDays ?? d.recoveryDays,
    maxRunFailureRatio: input.maxRunFailureRatio ?? d.maxRunFailureRatio,
  };
  const int = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  check(int(c.flips.windowRuns, 2, 1000), 'flips.windowRuns', 'must be an integer in 2..1000');
  check(int(c.flips.minFlips, 1, c.flips.windowRuns), 'flips.minFlips', 'must be an integer in 1..windowRuns');
  check(c.failureRate.windowDays > 0 && c.failureRate.windowDays <= 365, 'failureRate.windowDays', 'must be in (0, 365]');
  check(int(c.failureRate.minRuns, 1, 100000), 'failureRate.minRuns', 'must be a positive integer');
  check(c.failureRate.minRate > 0 && c.failureRate.minRate <= 1, 'failureRate.minRate', 'must be in (0, 1]');
  check(int(c.broken.consecutiveFailures, 1, 1000), 'broken.consecutiveFailures', 'must be an integer in 1..1000');
  check(c.sameCommit.lookbackDays > 0 && c.sameCommit.lookbackDays <= 365, 'sameCommit.lookbackDays', 'must be in (0, 365]');
  for (const key of ['sameCommit', 'passOnRetry'] as const) {
    check(int(c[key].minOccurrences, 1, 1000), `${key}.minOccurrences`, 'must be an integer in 1..1000');
    check(c[key].windowDays > 0 && c[key].windowDays <= 365, `${key}.windowDays`, 'must be in (0, 365]');
  }
  check(c.recoveryDays >= 0 && c.recoveryDays <= 365, 'recoveryDays', 'must be in [0, 365]');
  check(c.maxRunFailureRatio > 0 && c.maxRunFailureRatio <= 1, 'maxRunFailureRatio', 'must be in (0, 1]');
  for (const key of ['sameCommit', 'passOnRetry', 'flips', 'failureRate', 'broken'] as const) {
    const branches = c[key].branches;
    check(Array.isArray(branches) && branches.every((b) => typeof b === 'string' && b.length > 0 && b.length <= 200), `${key}.branches`, 'must be a list of branch names');
  }
  return c;
}

/** Whether `branch` is inside `scope` (empty scope = every branch). */
export function inScope(scope: BranchScope, branch: string): boolean {
  if (scope.length === 0) return true;
  return scope.some((pattern) => {
    if (!pattern.includes('*')) return pattern === branch;
    const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${parts.join('.*')}$`).test(branch);
  });
}
