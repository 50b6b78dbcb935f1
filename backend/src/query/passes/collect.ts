import type { Expr } from '../ast/expr.ts';
import type { SelectNode } from '../ast/select.ts';
import { mapExpr, mapSelectExprs } from '../ast/walk.ts';

/** Every expression node of one select level (not its subqueries), for read-only checks. */
export function collectNodes(s: SelectNode): Expr[] {
  const out: Expr[] = [];
  mapSelectExprs(s, (e) => mapExpr(e, (x) => { out.push(x); return undefined; }, (inner) => inner));
  return out;
}
