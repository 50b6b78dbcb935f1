/**
 * Test-state records on the metadata store: load one (state row + active
 * quarantine), save a transition. Transitions are computed by the pure
 * quarantine/ module on a record loaded with an EMPTY history, so every
 * history entry of the result is new and is appended (the audit trail is
 * insert-only). Every statement is guarded by tenant_id = $1.
 */
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import { effectiveState, newRecord, type Quarantine, type TestStateRecord } from '../quarantine/model.ts';
import type { DetectedState } from '../types.ts';

export interface StoredRecord {
  record: TestStateRecord;
  name: string;
  quarantineId: string | null;
}

interface StateRow { test_id: string; name: string; detected: DetectedState; detected_since: Date | string | null }
interface QuarantineRow {
  id: string; test_id: string; name: string; reason: string; owner: string; created_by: string; source: 'manual' | 'policy';
  created_at: Date | string; expires_at: Date | string | null;
}

const ms = (v: Date | string | null): number | null => (v === null ? null : new Date(v).getTime());
const iso = (v: number | null): string | null => (v === null ? null : new Date(v).toISOString());

function toQuarantine(q: QuarantineRow): Quarantine {
  return { reason: q.reason, owner: q.owner, createdBy: q.created_by, source: q.source, createdAt: ms(q.created_at)!, expiresAt: ms(q.expires_at) };
}

/** Loads the records of a project (all, or the given tests), with their active quarantines. */
export async function loadRecords(db: SqlExecutor, tenant: string, project: string, testIds?: string[]): Promise<Map<string, StoredRecord>> {
  const filter = testIds ? ' AND test_id = ANY($3)' : '';
  const params = testIds ? [tenant, project, testIds] : [tenant, project];
  const states = await db.query<StateRow>(
    `SELECT test_id, name, detected, detected_since FROM test_states WHERE tenant_id = $1 AND project = $2${filter}`, params);
  const quarantines = await db.query<QuarantineRow>(
    `SELECT id::text AS id, test_id, name, reason, owner, created_by, source, created_at, expires_at
       FROM quarantines WHERE tenant_id = $1 AND project = $2 AND released_at IS NULL${filter}`, params);
  const out = new Map<string, StoredRecord>();
  for (const s of states) {
    out.set(s.test_id, { name: s.name, quarantineId: null, record: { ...newRecord(s.test_id), detected: s.detected, detectedSince: ms(s.detected_since) } });
  }
  for (const q of quarantines) {
    const cur = out.get(q.test_id) ?? { name: q.name, quarantineId: null, record: newRecord(q.test_id) };
    out.set(q.test_id, { ...cur, quarantineId: q.id, record: { ...cur.record, quarantine: toQuarantine(q) } });
  }
  return out;
}

const RELEASES = new Set(['released', 'expired', 'auto_released']);

/**
 * Persists `after` (computed from `before.record`): upserts the state row,
 * appends the new history entries, and mirrors quarantine changes (release
 * of the old row before insert of a new one keeps the one-active index).
 * Returns the id of the active quarantine after the save, if any.
 */
export async function saveRecord(tx: SqlExecutor, tenant: string, project: string, before: StoredRecord, after: TestStateRecord, now: number): Promise<string | null> {
  const id = after.testId;
  const lastEvidence = [...after.history].reverse().find((h) => h.evidence.length > 0)?.at ?? null;
  await tx.query(
    `INSERT INTO test_states (tenant_id, project, test_id, name, detected, detected_since, state, last_evidence_at, evaluated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, project, test_id) DO UPDATE SET
       name = CASE WHEN EXCLUDED.name = '' THEN test_states.name ELSE EXCLUDED.name END,
       detected = EXCLUDED.detected, detected_since = EXCLUDED.detected_since, state = EXCLUDED.state,
       last_evidence_at = COALESCE(EXCLUDED.last_evidence_at, test_states.last_evidence_at), evaluated_at = EXCLUDED.evaluated_at`,
    [tenant, project, id, before.name, after.detected, iso(after.detectedSince), effectiveState(after), iso(lastEvidence), iso(now)],
  );
  for (const h of after.history) {
    await tx.query(
      `INSERT INTO test_state_history (tenant_id, project, test_id, at, from_state, to_state, reason, actor, evidence, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [tenant, project, id, iso(h.at), h.from, h.to, h.reason, h.actor, h.evidence, h.note ?? null],
    );
  }
  const prev = before.record.quarantine;
  const next = after.quarantine;
  let activeId = before.quarantineId;
  if (prev && before.quarantineId && (!next || next.createdAt !== prev.createdAt)) {
    const release = [...after.history].reverse().find((h) => RELEASES.has(h.reason));
    await tx.query(
      `UPDATE quarantines SET released_at = $4, released_by = $5, release_reason = $6
        WHERE tenant_id = $1 AND project = $2 AND id = $3::bigint AND released_at IS NULL`,
      [tenant, project, before.quarantineId, iso(release?.at ?? now), release?.actor ?? 'system', release?.reason ?? 'released'],
    );
    activeId = null;
  }
  if (next && (!prev || next.createdAt !== prev.createdAt)) {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO quarantines (tenant_id, project, test_id, name, reason, owner, created_by, source, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id`,
      [tenant, project, id, before.name, next.reason, next.owner, next.createdBy, next.source, iso(next.createdAt), iso(next.expiresAt)],
    );
    activeId = rows[0]!.id;
  }
  return activeId;
}
