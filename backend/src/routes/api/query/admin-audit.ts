/** One audit record per admin change (medium risk: it changes who sees what). */
import type { FastifyInstance } from 'fastify';
import type { RequestAccess } from '../../../security/request-access.ts';

export function auditAdmin(app: FastifyInstance, access: RequestAccess, action: string, resource: string, details: Record<string, unknown> = {}, risk: 'low' | 'medium' | 'high' = 'medium'): void {
  app.services.audit.record({ tenantId: access.auth.tenant.id, actor: access.actor, actorKind: access.actorKind, action, resource, outcome: 'success', risk, details });
}

export const ADMIN_ROUTE = { keyKinds: ['query', 'admin', 'grafana'] as const };
