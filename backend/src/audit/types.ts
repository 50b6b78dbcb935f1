/** One audit record. Append-only: nothing in the product updates or deletes them (TTL does). */
export type AuditRisk = 'low' | 'medium' | 'high';
export type AuditOutcome = 'success' | 'denied' | 'error';

export interface AuditEntry {
  tenantId: string;
  /** Login, e-mail or `key:<prefix>` — who acted. */
  actor: string;
  actorKind: 'user' | 'service' | 'key' | 'anonymous';
  /** e.g. query, values, policy.create, masking.resolve_token, security_violation. */
  action: string;
  /** What was touched: dataset, policy id, route. */
  resource: string;
  outcome: AuditOutcome;
  risk: AuditRisk;
  details?: Record<string, unknown>;
  /** Defaults to now. */
  at?: Date;
}

export interface AuditRow {
  tenant_id: string;
  at: string;
  actor: string;
  actor_kind: string;
  action: string;
  resource: string;
  outcome: string;
  risk: string;
  details: string;
}
