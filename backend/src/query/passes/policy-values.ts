import type { CompileContext } from '../context.ts';

const VAR = /\$\{([a-z_.]+)\}/g;

/** The dynamic values a policy may reference; undefined when the principal lacks one. */
function variables(ctx: CompileContext): Record<string, string | undefined> {
  const iso = ctx.now.toISOString();
  return {
    'user.login': ctx.principal.login,
    'user.email': ctx.principal.email,
    'user.role': ctx.principal.role,
    tenant: ctx.tenantId,
    current_date: iso.slice(0, 10),
    current_month: iso.slice(0, 7),
  };
}

/**
 * Substitutes ${…} variables in one policy value. Returns undefined when a
 * variable is unknown or has no value for this principal: the caller then makes
 * the policy admit nothing (fail closed), never "match the empty string".
 * The result is bound as a parameter; it is never spliced into SQL.
 */
export function substitute(value: string, ctx: CompileContext): string | undefined {
  const vars = variables(ctx);
  let missing = false;
  const out = value.replace(VAR, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

export const POLICY_VARIABLES = ['user.login', 'user.email', 'user.role', 'tenant', 'current_date', 'current_month'] as const;
