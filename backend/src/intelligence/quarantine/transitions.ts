/**
 * Pure transitions over TestStateRecord. Invariants:
 * - history is append-only and every entry's `from` is the effective state
 *   before the change;
 * - at most one active quarantine per test;
 * - releasing or expiring restores the detected state as effective state.
 */
import { AppError } from '../../errors/app-error.ts';
import type { StateChange } from '../monitors/evaluate.ts';
import { effectiveState, type Quarantine, type QuarantinePolicy, type StateHistoryEntry, type TestStateRecord } from './model.ts';

const DAY_MS = 86_400_000;

function append(record: TestStateRecord, next: Omit<TestStateRecord, 'history'>, entry: Omit<StateHistoryEntry, 'from' | 'to'>): TestStateRecord {
  const from = effectiveState(record);
  const to = effectiveState(next);
  return { ...next, history: [...record.history, { ...entry, from, to }] };
}

export interface QuarantineInput {
  reason: string;
  owner: string;
  by: string;
  expiresAt?: number | null;
}

export function quarantineTest(record: TestStateRecord, input: QuarantineInput, now: number): TestStateRecord {
  if (record.quarantine) throw new AppError('VALIDATION_FAILED', `test ${record.testId} is already quarantined`, { extra: { field: 'testId', reason: 'ALREADY_QUARANTINED' } });
  if (!input.reason.trim()) throw new AppError('VALIDATION_FAILED', 'a quarantine needs a reason', { extra: { field: 'reason' } });
  if (input.expiresAt != null && input.expiresAt <= now) throw new AppError('VALIDATION_FAILED', 'expiry must be in the future', { extra: { field: 'expiresAt' } });
  const quarantine: Quarantine = {
    reason: input.reason.trim(), owner: input.owner, createdBy: input.by, source: input.by.startsWith('policy:') ? 'policy' : 'manual',
    createdAt: now, expiresAt: input.expiresAt ?? null,
  };
  return append(record, { ...record, quarantine }, { at: now, reason: 'quarantined', actor: input.by, evidence: [], note: quarantine.reason });
}

export function releaseTest(record: TestStateRecord, by: string, now: number, note?: string): TestStateRecord {
  if (!record.quarantine) throw new AppError('VALIDATION_FAILED', `test ${record.testId} is not quarantined`, { extra: { field: 'testId', reason: 'NOT_QUARANTINED' } });
  return append(record, { ...record, quarantine: null }, { at: now, reason: 'released', actor: by, evidence: [], ...(note ? { note } : {}) });
}

/** Lapses a quarantine whose expiry has passed; unchanged otherwise. */
export function expireQuarantine(record: TestStateRecord, now: number): TestStateRecord {
  const q = record.quarantine;
  if (!q || q.expiresAt === null || q.expiresAt > now) return record;
  return append(record, { ...record, quarantine: null }, { at: q.expiresAt, reason: 'expired', actor: 'system', evidence: [] });
}

/**
 * Applies one detected change (from the monitor evaluator). With an opt-in
 * policy, entering a watched state quarantines the test; with autoRelease,
 * a policy quarantine — or any quarantine, once detection reports recovery —
 * is lifted when the test is healthy again.
 */
export function applyDetection(record: TestStateRecord, change: StateChange, policy: QuarantinePolicy): TestStateRecord {
  if (change.to === record.detected) return record;
  let next = append(record, { ...record, detected: change.to, detectedSince: change.at }, {
    at: change.at, reason: change.reason, actor: 'monitor', evidence: change.evidence,
  });
  if (!next.quarantine && policy.autoQuarantine && policy.on.includes(change.to)) {
    next = quarantineTest(next, {
      reason: `automatically quarantined: ${change.reason.replace(/_/g, ' ')}`, owner: policy.owner, by: `policy:${policy.name}`,
      expiresAt: policy.expiryDays === null ? null : change.at + policy.expiryDays * DAY_MS,
    }, change.at);
  } else if (next.quarantine && policy.autoRelease && change.to === 'healthy') {
    next = append(next, { ...next, quarantine: null }, { at: change.at, reason: 'auto_released', actor: 'system', evidence: change.evidence, note: `recovered (${change.reason})` });
  }
  return next;
}

/** Replays evaluator changes in order; expiries are applied as time passes. */
export function applyDetections(record: TestStateRecord, changes: readonly StateChange[], policy: QuarantinePolicy, now: number): TestStateRecord {
  let r = record;
  for (const c of [...changes].sort((a, b) => a.at - b.at)) r = applyDetection(expireQuarantine(r, c.at), c, policy);
  return expireQuarantine(r, now);
}
