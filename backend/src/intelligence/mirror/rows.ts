/**
 * Pure mapping from the metadata store's rows (PostgreSQL is the source of
 * truth) to the analytics mirrors the query compiler reads:
 * - test_states_mirror: one row per test, its effective state, since when,
 *   owner, recent failure rate and flips (from enrichSql);
 * - quarantine_periods: one row per quarantine, [starts_at, ends_at): the
 *   release, else the expiry, else OPEN_END.
 * `version` orders rewrites of one key (ReplacingMergeTree keeps the highest).
 */
import { chTime } from '../sql.ts';
import type { EnrichRow } from './enrich-sql.ts';

export const OPEN_END = Date.UTC(2299, 11, 31);

export interface StateSource {
  test_id: string; name: string; detected: string; state: string;
  detected_since: Date | string | null; last_evidence_at: Date | string | null; evaluated_at: Date | string;
}
export interface QuarantineSource {
  id: string; test_id: string; name: string; reason: string; owner: string; source: string;
  created_at: Date | string; expires_at: Date | string | null; released_at: Date | string | null;
}

const ms = (v: Date | string | null): number | null => (v === null ? null : new Date(v).getTime());

export function periodRow(tenant: string, project: string, q: QuarantineSource, version: number): Record<string, unknown> {
  const ends = [ms(q.released_at), ms(q.expires_at)].filter((v): v is number => v !== null);
  return {
    tenant_id: tenant, project, test_id: q.test_id, quarantine_id: q.id, name: q.name, reason: q.reason, owner: q.owner, source: q.source,
    starts_at: chTime(ms(q.created_at)!), ends_at: chTime(ends.length > 0 ? Math.min(...ends) : OPEN_END), version,
  };
}

/** The active quarantine of a test at `now`, if any (open and not expired). */
function activeAt(quarantines: readonly QuarantineSource[], now: number): QuarantineSource | undefined {
  return quarantines.find((q) => q.released_at === null && (q.expires_at === null || ms(q.expires_at)! > now));
}

export function stateRow(
  tenant: string, project: string, s: StateSource, quarantines: readonly QuarantineSource[], enrich: EnrichRow | undefined, now: number, version: number,
): Record<string, unknown> {
  const active = activeAt(quarantines, now);
  const state = active ? 'quarantined' : s.state === 'quarantined' ? s.detected : s.state;
  const since = active ? ms(active.created_at)! : ms(s.detected_since) ?? ms(s.evaluated_at)!;
  const lastEvidence = ms(s.last_evidence_at);
  return {
    tenant_id: tenant, project, test_id: s.test_id, name: s.name, suite: enrich?.suite ?? '',
    owner: enrich?.owner || active?.owner || '', state, detected: s.detected, since: chTime(since),
    last_evidence_at: lastEvidence === null ? null : chTime(lastEvidence),
    failure_rate: Number(enrich?.failure_rate ?? 0), flips: Number(enrich?.flips ?? 0),
    quarantine_reason: active?.reason ?? '', quarantine_owner: active?.owner ?? '', version,
  };
}
