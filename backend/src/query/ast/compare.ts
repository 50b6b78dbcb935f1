import { node } from './freeze.ts';
import type { Expr } from './expr.ts';

export const COMPARE_OPS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'NOT LIKE'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export interface CompareNode {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
}

export const compare = (op: CompareOp, left: Expr, right: Expr): CompareNode => node({ kind: 'compare', op, left, right });
