import type { Principal, RowPolicy } from '../context.ts';

/** Whether a policy is assigned to this principal (everyone, one of its roles, or its login/e-mail). */
export function policyApplies(p: RowPolicy, who: Principal): boolean {
  const a = p.appliesTo;
  if (a.everyone) return true;
  if (who.role && a.roles?.includes(who.role)) return true;
  const ids = [who.login, who.email].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  return (a.users ?? []).some((u) => ids.includes(u.toLowerCase()));
}
