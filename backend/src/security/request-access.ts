/**
 * What one authenticated request may do and who it is for the compiler:
 * effective org role, compile principal, audit actor. Computed from the auth
 * context and the tenant's (fresh) security settings.
 *
 * Role rules: a grafana user has its forwarded org role; an admin key acts as
 * Admin; every other caller (query keys, alert rules, schedules) is the
 * tenant's service principal with its configured role (default Viewer).
 */
import type { FastifyRequest } from 'fastify';
import { requireAuth } from '../plugins/auth.ts';
import type { Principal as CompilePrincipal, OrgRole } from '../query/index.ts';
import type { AuthContext } from '../tenancy/types.ts';
import type { Principal } from '../tenancy/identity.ts';
import type { TenantSecurity } from './tenant-security.ts';

export interface RequestAccess {
  auth: AuthContext;
  principal: Principal;
  security: TenantSecurity;
  role: OrgRole;
  compilePrincipal: CompilePrincipal;
  /** Admin: admin keys, or grafana users with org role Admin. Sees compiled SQL. */
  isAdmin: boolean;
  actor: string;
  actorKind: 'user' | 'service' | 'key';
}

export function accessFor(auth: AuthContext, principal: Principal, security: TenantSecurity): RequestAccess {
  if (principal.kind === 'user') {
    return {
      auth, principal, security, role: principal.role,
      compilePrincipal: { kind: 'user', login: principal.login, email: principal.email, role: principal.role },
      isAdmin: principal.role === 'Admin' && auth.key.kind === 'grafana',
      actor: principal.login, actorKind: 'user',
    };
  }
  const role: OrgRole = auth.key.kind === 'admin' ? 'Admin' : security.access.servicePrincipalRole;
  return {
    auth, principal, security, role,
    compilePrincipal: { kind: 'service', role },
    isAdmin: auth.key.kind === 'admin',
    actor: `key:${auth.key.prefix}`,
    actorKind: auth.key.kind === 'admin' || principal.reason === 'key' ? 'key' : 'service',
  };
}

const cache = new WeakMap<FastifyRequest, Promise<RequestAccess>>();

/** Memoised per request: handlers and hooks share one security load. */
export function requestAccess(request: FastifyRequest): Promise<RequestAccess> {
  let hit = cache.get(request);
  if (!hit) {
    const { principal, ...auth } = requireAuth(request);
    hit = request.server.services.security.load(auth.tenant).then((security) => accessFor(auth, principal, security));
    cache.set(request, hit);
  }
  return hit;
}
