import { node } from './freeze.ts';
import type { Expr } from './expr.ts';
import type { SelectNode } from './select.ts';

/** SQL NULL (the `null` masking method). */
export interface NullNode { readonly kind: 'null' }
export const nullValue = (): NullNode => node({ kind: 'null' });

/** `expr [NOT] IN (SELECT …)`: the subquery is a table reference and gets guarded too. */
export interface InSubqueryNode {
  readonly kind: 'in_subquery';
  readonly expr: Expr;
  readonly query: SelectNode;
  readonly negated: boolean;
}
export const inSubquery = (expr: Expr, query: SelectNode, negated: boolean): InSubqueryNode =>
  node({ kind: 'in_subquery', expr, query, negated });
