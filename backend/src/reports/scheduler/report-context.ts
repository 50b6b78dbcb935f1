/**
 * The compile context a report runs under: its tenant's current policies and
 * masking (loaded fresh at run time, as for export jobs) and the report's
 * principal. A service principal gets the tenant's configured service role.
 */
import type { CompileContext, Principal } from '../../query/index.ts';
import type { TenantSecurity } from '../../security/tenant-security.ts';
import type { RunAs } from '../definitions/types.ts';

export function principalFor(runAs: RunAs, security: TenantSecurity): Principal {
  if (runAs.kind === 'user')
    return { kind: 'user', login: runAs.login, ...(runAs.email ? { email: runAs.email } : {}), role: runAs.role };
  return { kind: 'service', role: security.access.servicePrincipalRole };
}

export function reportContext(tenantId: string, runAs: RunAs, security: TenantSecurity, now: Date): CompileContext {
  return {
    tenantId,
    principal: principalFor(runAs, security),
    policies: security.policies,
    maskingRules: security.maskingRules,
    tenantSettings: security.settings,
    now,
  };
}
