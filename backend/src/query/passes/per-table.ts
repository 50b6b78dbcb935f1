import type { Expr } from '../ast/expr.ts';
import { and, conjoin } from '../ast/logic.ts';
import { mapExpr, mapSelectExprs } from '../ast/walk.ts';
import { withSelect, type SelectNode } from '../ast/select.ts';
import { join, subquery, table as tableNode, type GuardState, type Source, type TableNode } from '../ast/table.ts';
import { column } from '../ast/column.ts';
import { label } from '../ast/label.ts';

/**
 * Visits EVERY table reference of a query — the FROM of each select, each side
 * of each join, and every select nested in a subquery or an IN (…) — and adds
 * the predicate `predFor(table)` right there: in WHERE for the FROM side, in ON
 * for the joined side (so a LEFT JOIN cannot leak the other tenant's rows).
 * Used by the tenant guard and the row-policy pass: both must hold per reference.
 */
export function addPerTableReference(
  s: SelectNode,
  predFor: (t: TableNode) => Expr | undefined,
  mark?: GuardState,
): SelectNode {
  const recurse = (inner: SelectNode) => addPerTableReference(inner, predFor, mark);
  const withNested = mapSelectExprs(s, (e) => mapExpr(e, () => undefined, recurse));
  const wherePreds: Expr[] = [];

  const marked = (t: TableNode): TableNode => (mark ? tableNode(t.name, t.alias, mark) : t);
  const qualified = (t: TableNode): Expr | undefined => {
    const p = predFor(t);
    return p && t.alias ? qualify(p, t.alias) : p;
  };
  const rewrite = (src: Source): Source => {
    switch (src.kind) {
      case 'table': {
        const p = qualified(src);
        if (p) wherePreds.push(p);
        return marked(src);
      }
      case 'subquery': return subquery(recurse(src.query), src.alias);
      case 'join': {
        const left = rewrite(src.left);
        if (src.right.kind === 'subquery') return join(src.type, left, subquery(recurse(src.right.query), src.right.alias), src.on);
        const p = qualified(src.right);
        return join(src.type, left, marked(src.right), p ? and([src.on, p]) : src.on);
      }
    }
  };
  const from = rewrite(withNested.from);
  const where = conjoin([withNested.where, ...wherePreds]);
  return withSelect(withNested, { from, ...(where ? { where } : {}) });
}

/** Pins unqualified columns/labels of a predicate to one table alias. */
function qualify(e: Expr, alias: string): Expr {
  return mapExpr(e, (x) => {
    if (x.kind === 'column' && x.table === undefined) return column(x.name, alias);
    if (x.kind === 'label' && x.table === undefined) return label(x.key, alias);
    return undefined;
  }, (s) => s);
}
