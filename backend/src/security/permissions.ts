/**
 * Operation permissions by Grafana org role, configurable per tenant
 * (tenants.settings.permissions; defaults: Viewers read, Editors also write
 * reports and exports, Admins administer). Every route that changes or
 * reveals more than a read calls `requireOperation` first.
 *
 * `admin` is special: only admin keys and grafana users with org role Admin
 * pass, whatever the settings say (a query key's service role never does).
 * A refusal is a 403 FORBIDDEN and an audit record (security_violation, high).
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import { roleRank, type Operation } from './access-settings.ts';
import { requestAccess, type RequestAccess } from './request-access.ts';
import { markRefusalAudited } from './refusals.ts';

export type { Operation } from './access-settings.ts';

export function allows(access: RequestAccess, op: Operation): boolean {
  if (op === 'admin') return access.isAdmin;
  return roleRank(access.role) >= roleRank(access.security.access.permissions[op]);
}

export async function requireOperation(request: FastifyRequest, op: Operation): Promise<RequestAccess> {
  const access = await requestAccess(request);
  if (allows(access, op)) return access;
  const needed = op === 'admin' ? 'Admin' : access.security.access.permissions[op];
  refuseForbidden(request, access, { operation: op, role: access.role, keyKind: access.auth.key.kind },
    `Operation ${op} needs org role ${needed}${op === 'admin' ? ' (admin key or Grafana Admin)' : ''}; this request acts as ${access.role}.`);
}

/**
 * Refuses the request with 403 FORBIDDEN after writing its one high-risk
 * security_violation record (marked, so the route's onResponse hook does not
 * write a second).
 */
export function refuseForbidden(request: FastifyRequest, access: RequestAccess, details: Record<string, unknown>, message: string): never {
  request.server.services.audit.record({
    tenantId: access.auth.tenant.id,
    actor: access.actor,
    actorKind: access.actorKind,
    action: 'security_violation',
    resource: `${request.method} ${request.routeOptions.url ?? request.url}`,
    outcome: 'denied',
    risk: 'high',
    details: { code: 'FORBIDDEN', ...details },
  });
  markRefusalAudited(request);
  throw new AppError('FORBIDDEN', message);
}
