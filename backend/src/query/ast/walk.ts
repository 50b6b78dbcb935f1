import { assertNever, type Expr } from './expr.ts';
import { alias, order, withSelect, type SelectNode } from './select.ts';
import { join, subquery, type Source } from './table.ts';
import { call } from './call.ts';
import { compare } from './compare.ts';
import { and, not, or } from './logic.ts';
import { inSubquery } from './misc.ts';
import { lambda } from './lambda.ts';

/**
 * Rebuilds an expression bottom-up. `f` sees each node first: returning a node
 * replaces it WITHOUT descending into the replacement (so a masking rewrite never
 * re-masks the column inside its own mask); returning undefined descends.
 * Subqueries inside expressions are rebuilt with `onSelect`.
 */
export function mapExpr(e: Expr, f: (e: Expr) => Expr | undefined, onSelect: (s: SelectNode) => SelectNode): Expr {
  const r = f(e);
  if (r !== undefined) return r;
  const m = (x: Expr) => mapExpr(x, f, onSelect);
  switch (e.kind) {
    case 'column': case 'label': case 'param': case 'named_param': case 'deny_all': case 'null': case 'metric': case 'ref':
      return e;
    case 'call': return call(e.fn, e.args.map(m), e.levels?.map(m));
    case 'compare': return compare(e.op, m(e.left), m(e.right));
    case 'and': return and(e.items.map(m));
    case 'or': return or(e.items.map(m));
    case 'not': return not(m(e.item));
    case 'in_subquery': return inSubquery(m(e.expr), onSelect(e.query), e.negated);
    case 'lambda': return lambda(e.params, m(e.body));
    default: return assertNever(e);
  }
}

/** Applies `f` to every expression of one select level (projections, where, group, order). */
export function mapSelectExprs(s: SelectNode, f: (e: Expr) => Expr): SelectNode {
  return withSelect(s, {
    projections: s.projections.map((p) => alias(f(p.expr), p.name)),
    ...(s.where !== undefined ? { where: f(s.where) } : {}),
    groupBy: s.groupBy.map(f),
    orderBy: s.orderBy.map((o) => order(f(o.expr), o.dir)),
  });
}

/** Rebuilds the sources of a select, visiting nested selects with `onSelect`. */
export function mapSource(src: Source, onSelect: (s: SelectNode) => SelectNode): Source {
  switch (src.kind) {
    case 'table': return src;
    case 'subquery': return subquery(onSelect(src.query), src.alias);
    case 'join': {
      const right = src.right.kind === 'table' ? src.right : subquery(onSelect(src.right.query), src.right.alias);
      return join(src.type, mapSource(src.left, onSelect), right, src.on);
    }
    default: return assertNever(src);
  }
}
