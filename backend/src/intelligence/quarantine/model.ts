/**
 * Quarantine and test-state records. Detection (monitors/) says what a test
 * IS (healthy, flaky, broken); quarantine is what we DECIDED (its failures
 * stop failing builds and are reported apart). The effective state shown to
 * users is `quarantined` while a quarantine is active, else the detected one.
 * Every change appends a history entry with its actor and evidence: the
 * audit trail. Records are immutable; transitions return new ones.
 */
import type { DetectedState, TestState } from '../types.ts';

export interface Quarantine {
  reason: string;
  /** Who is responsible for fixing the test (user, team or e-mail). */
  owner: string;
  /** Who quarantined it: a user login, or `policy:<name>`. */
  createdBy: string;
  source: 'manual' | 'policy';
  createdAt: number;
  /** Epoch ms after which the quarantine lapses; null = until released or recovered. */
  expiresAt: number | null;
}

export type HistoryReason =
  | 'pass_on_retry' | 'same_commit' | 'flips' | 'failure_rate' | 'broken' | 'fixed' | 'recovered'
  | 'quarantined' | 'released' | 'expired' | 'auto_released';

export interface StateHistoryEntry {
  at: number;
  from: TestState;
  to: TestState;
  reason: HistoryReason;
  /** `monitor`, `policy:<name>`, `system`, or a user login. */
  actor: string;
  evidence: string[];
  note?: string;
}

export interface TestStateRecord {
  testId: string;
  detected: DetectedState;
  detectedSince: number | null;
  quarantine: Quarantine | null;
  history: readonly StateHistoryEntry[];
}

export interface QuarantinePolicy {
  /** Opt-in: quarantine automatically when detection enters one of `on`. */
  autoQuarantine: boolean;
  on: DetectedState[];
  name: string;
  owner: string;
  expiryDays: number | null;
  /** Release automatically when detection says healthy again (after its recovery period). */
  autoRelease: boolean;
}

export const DEFAULT_QUARANTINE_POLICY: QuarantinePolicy = Object.freeze({
  autoQuarantine: false, on: ['flaky'], name: 'default', owner: '', expiryDays: 30, autoRelease: true,
}) as QuarantinePolicy;

export function effectiveState(record: Pick<TestStateRecord, 'detected' | 'quarantine'>): TestState {
  return record.quarantine ? 'quarantined' : record.detected;
}

export function newRecord(testId: string): TestStateRecord {
  return { testId, detected: 'healthy', detectedSince: null, quarantine: null, history: [] };
}
