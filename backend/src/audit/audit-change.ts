/**
 * One audit record for a successful change made by a caller (admin settings,
 * policies, report definitions, exports). Refusals are recorded elsewhere,
 * where they are decided.
 */
import type { FastifyInstance } from 'fastify';
import type { RequestAccess } from '../security/request-access.ts';

export type Risk = 'low' | 'medium' | 'high';

export function auditChange(
  app: FastifyInstance,
  access: RequestAccess,
  action: string,
  resource: string,
  details: Record<string, unknown> = {},
  risk: Risk = 'medium',
): void {
  app.services.audit.record({
    tenantId: access.auth.tenant.id,
    actor: access.actor,
    actorKind: access.actorKind,
    action,
    resource,
    outcome: 'success',
    risk,
    details,
  });
}
