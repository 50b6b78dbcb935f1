/** The compiler's context for one request: tenant, principal, its security config, now. */
import type { CompileContext } from '../query/index.ts';
import type { RequestAccess } from '../security/request-access.ts';

export function compileContext(access: Pick<RequestAccess, 'auth' | 'compilePrincipal' | 'security'>, now = new Date()): CompileContext {
  const { security } = access;
  return {
    tenantId: access.auth.tenant.id,
    principal: access.compilePrincipal,
    policies: security.policies,
    maskingRules: security.maskingRules,
    tenantSettings: security.settings,
    now,
  };
}
