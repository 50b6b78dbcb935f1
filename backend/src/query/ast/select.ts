import { node } from './freeze.ts';
import type { Expr } from './expr.ts';
import type { Source } from './table.ts';

/** `expr AS name`: names are compiler-generated (`time`, `d0`, `m0`), never user text. */
export interface AliasNode { readonly kind: 'alias'; readonly expr: Expr; readonly name: string }
export interface OrderNode { readonly kind: 'order'; readonly expr: Expr; readonly dir: 'ASC' | 'DESC' }

export interface SelectNode {
  readonly kind: 'select';
  readonly projections: readonly AliasNode[];
  readonly distinct: boolean;
  readonly from: Source;
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly orderBy: readonly OrderNode[];
  readonly limit?: Expr;
}

export const alias = (expr: Expr, name: string): AliasNode => node({ kind: 'alias', expr, name });
export const order = (expr: Expr, dir: OrderNode['dir']): OrderNode => node({ kind: 'order', expr, dir });

export function select(parts: Omit<SelectNode, 'kind' | 'distinct' | 'groupBy' | 'orderBy'> & Partial<Pick<SelectNode, 'distinct' | 'groupBy' | 'orderBy'>>): SelectNode {
  const s: SelectNode = {
    kind: 'select',
    projections: [...parts.projections],
    distinct: parts.distinct ?? false,
    from: parts.from,
    groupBy: [...(parts.groupBy ?? [])],
    orderBy: [...(parts.orderBy ?? [])],
    ...(parts.where !== undefined ? { where: parts.where } : {}),
    ...(parts.limit !== undefined ? { limit: parts.limit } : {}),
  };
  return node(s);
}

/** A copy with some parts replaced (nodes are frozen; passes build new ones). */
export function withSelect(s: SelectNode, patch: Partial<Omit<SelectNode, 'kind'>>): SelectNode {
  const merged = { ...s, ...patch };
  if ('where' in patch && patch.where === undefined) delete (merged as { where?: Expr }).where;
  return select(merged);
}
