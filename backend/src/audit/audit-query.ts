/**
 * Reads a tenant's audit records back (GET /api/v1/audit). The tenant
 * predicate and every filter are bound parameters.
 */
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { AuditRow } from './types.ts';

export interface AuditFilter {
  fromMs?: number;
  toMs?: number;
  action?: string;
  limit?: number;
}

export async function readAudit(analytics: AnalyticsDriver, tenantId: string, f: AuditFilter): Promise<(Omit<AuditRow, 'details'> & { details: unknown })[]> {
  const where = ['tenant_id = {tenant:String}'];
  const params: Record<string, unknown> = { tenant: tenantId, limit: Math.min(Math.max(1, f.limit ?? 100), 10_000) };
  if (f.fromMs !== undefined) { where.push('at >= fromUnixTimestamp64Milli({from:Int64})'); params.from = f.fromMs; }
  if (f.toMs !== undefined) { where.push('at < fromUnixTimestamp64Milli({to:Int64})'); params.to = f.toMs; }
  if (f.action) { where.push('action = {action:String}'); params.action = f.action; }
  const rows = await analytics.query<AuditRow>(
    `SELECT tenant_id, toString(at) AS at, actor, actor_kind, action, resource, outcome, risk, details
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC LIMIT {limit:UInt32}`,
    params,
  );
  return rows.map((r) => ({ ...r, details: safeJson(r.details) }));
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return s; }
}
