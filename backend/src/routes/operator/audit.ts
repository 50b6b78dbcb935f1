/**
 * Audit records of operator changes. The operator is not a tenant member, so
 * the actor is the fixed name `operator` with kind `service`; the record goes
 * to the tenant that was changed.
 */
import type { FastifyInstance } from 'fastify';

export function auditOperatorChange(app: FastifyInstance, tenantId: string, action: string, resource: string, details: Record<string, unknown>): void {
  app.services.audit.record({
    tenantId,
    actor: 'operator',
    actorKind: 'service',
    action,
    resource,
    outcome: 'success',
    risk: 'high',
    details,
  });
}
