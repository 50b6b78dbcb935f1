import { node } from './freeze.ts';
import type { Expr } from './expr.ts';

export interface AndNode { readonly kind: 'and'; readonly items: readonly Expr[] }
export interface OrNode { readonly kind: 'or'; readonly items: readonly Expr[] }
export interface NotNode { readonly kind: 'not'; readonly item: Expr }

/**
 * The explicit "deny everything" predicate (printed `0`). It has its own kind and
 * a reason so a reviewer sees WHY rows vanish, unlike a bare `1 = 0`.
 */
export interface DenyAllNode { readonly kind: 'deny_all'; readonly reason: 'no_applicable_policy' | 'policy_field_unavailable' | 'policy_value_unavailable' }

export const and = (items: readonly Expr[]): AndNode => node({ kind: 'and', items: [...items] });
export const or = (items: readonly Expr[]): OrNode => node({ kind: 'or', items: [...items] });
export const not = (item: Expr): NotNode => node({ kind: 'not', item });
export const denyAll = (reason: DenyAllNode['reason']): DenyAllNode => node({ kind: 'deny_all', reason });

/** AND of the given predicates, dropping none; a single item is returned as is. */
export function conjoin(items: readonly (Expr | undefined)[]): Expr | undefined {
  // nested ANDs are flattened so the printed SQL stays readable
  const present = items.filter((e): e is Expr => e !== undefined).flatMap((e) => (e.kind === 'and' ? e.items : [e]));
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : and(present);
}
