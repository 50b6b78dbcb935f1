/**
 * Who a request acts for inside its tenant. Only keys of kind `grafana` may
 * forward a Grafana user (X-Grafana-* headers, set by our datasource's Go
 * backend from the plugin context); the forwarded org must be the tenant's.
 * Requests without a user (alert rules, schedules) run as the tenant's
 * service principal.
 */
import { AppError } from '../errors/app-error.ts';
import type { AuthContext } from './types.ts';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

export type Principal =
  | { kind: 'user'; login: string; email: string; role: OrgRole }
  | { kind: 'service'; reason: 'alerting' | 'schedule' | 'key' };

const IDENTITY_HEADERS = ['x-grafana-org-id', 'x-grafana-user', 'x-grafana-email', 'x-grafana-role', 'x-semantest-principal'];
const ROLES: readonly OrgRole[] = ['Viewer', 'Editor', 'Admin'];

type Headers = Record<string, string | string[] | undefined>;
const one = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export function resolvePrincipal(auth: AuthContext, headers: Headers): Principal {
  const forwarded = IDENTITY_HEADERS.some((h) => one(headers, h) !== undefined);
  if (auth.key.kind !== 'grafana') {
    if (forwarded) {
      throw new AppError('AUTH_IDENTITY_NOT_ALLOWED', `A ${auth.key.kind} key cannot carry a forwarded identity; only grafana keys can.`);
    }
    return { kind: 'service', reason: 'key' };
  }
  const orgHeader = one(headers, 'x-grafana-org-id');
  if (orgHeader !== undefined) {
    const org = Number(orgHeader);
    if (!Number.isInteger(org) || auth.tenant.grafanaOrgId == null || org !== auth.tenant.grafanaOrgId) {
      throw new AppError('AUTH_ORG_MISMATCH', `Grafana organization ${orgHeader} is not mapped to tenant ${auth.tenant.slug}.`);
    }
  }
  if (one(headers, 'x-semantest-principal') === 'service') return { kind: 'service', reason: 'alerting' };
  const login = one(headers, 'x-grafana-user');
  if (!login) return { kind: 'service', reason: 'alerting' };
  if (orgHeader === undefined) {
    throw new AppError('AUTH_ORG_MISMATCH', 'A forwarded user must come with X-Grafana-Org-Id.');
  }
  const role = one(headers, 'x-grafana-role') ?? 'Viewer';
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new AppError('VALIDATION_FAILED', `X-Grafana-Role must be one of ${ROLES.join(', ')}.`);
  }
  return { kind: 'user', login, email: one(headers, 'x-grafana-email') ?? '', role: role as OrgRole };
}
