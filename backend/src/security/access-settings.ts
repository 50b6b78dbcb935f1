/**
 * Per-tenant access settings stored in tenants.settings: the role the service
 * principal (alert rules, schedules, query keys) runs as, and the lowest org
 * role allowed for each operation. Unknown or malformed values fall back to
 * the defaults, which are the Grafana org-role defaults of the product.
 */
import type { OrgRole } from '../query/index.ts';

export const OPERATIONS = ['read', 'report.write', 'export.write', 'admin'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const ROLES: readonly OrgRole[] = ['Viewer', 'Editor', 'Admin'];

export const DEFAULT_PERMISSIONS: Readonly<Record<Operation, OrgRole>> = {
  read: 'Viewer',
  'report.write': 'Editor',
  'export.write': 'Editor',
  admin: 'Admin',
};

export interface AccessSettings {
  servicePrincipalRole: OrgRole;
  permissions: Record<Operation, OrgRole>;
}

const isRole = (x: unknown): x is OrgRole => typeof x === 'string' && (ROLES as readonly string[]).includes(x);
export const roleRank = (r: OrgRole) => ROLES.indexOf(r);

export function parseAccessSettings(settings: Record<string, unknown>): AccessSettings {
  const stored = (settings.permissions ?? {}) as Record<string, unknown>;
  const permissions = { ...DEFAULT_PERMISSIONS };
  for (const op of OPERATIONS) {
    const v = stored[op];
    // `admin` can never be lowered below Admin: managing policies is what protects the data.
    if (isRole(v) && op !== 'admin') permissions[op] = v;
  }
  return { servicePrincipalRole: isRole(settings.servicePrincipalRole) ? settings.servicePrincipalRole : 'Viewer', permissions };
}

export { isRole };
