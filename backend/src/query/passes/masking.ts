import type { Expr } from '../ast/expr.ts';
import { mapExpr, mapSelectExprs, mapSource } from '../ast/walk.ts';
import { withSelect, type SelectNode } from '../ast/select.ts';
import type { CompileContext, MaskingRule } from '../context.ts';
import { QueryCompileError } from '../errors.ts';
import { METHOD_STRENGTH, maskExpr } from './mask-methods.ts';
import { decryptFieldsPass } from './decrypt-fields.ts';

/** Physical columns a masking field names (labels are matched by key). */
const FIELD_COLUMN: Record<string, string> = {
  error_message: 'error_message', error_stack: 'error_stack', stdout: 'stdout', stderr: 'stderr', name: 'name',
};

/** The rule that masks `field` for this principal, strongest first; undefined when exempt/none. */
export function ruleFor(field: string, ctx: CompileContext): MaskingRule | undefined {
  const role = ctx.principal.role;
  const hits = ctx.maskingRules.filter((r) => r.field === field && !(role && r.exemptRoles?.includes(role)));
  return hits.sort((a, b) => METHOD_STRENGTH.indexOf(a.method) - METHOD_STRENGTH.indexOf(b.method))[0];
}

function fieldOf(e: Expr): string | undefined {
  if (e.kind === 'label') return `label:${e.key}`;
  if (e.kind === 'column') return Object.keys(FIELD_COLUMN).find((f) => FIELD_COLUMN[f] === e.name);
  return undefined;
}

export interface MaskingResult {
  readonly select: SelectNode;
  readonly applied: readonly string[];
}

/**
 * Replaces EVERY reference to a masked field in the user's query — projections,
 * filters, GROUP BY, ORDER BY, nested selects — by its masked expression. So a
 * filter or an ordering on a masked field works on the masked value and cannot
 * probe the raw one. Runs before the row-policy pass: policy predicates (the
 * admin's) are added afterwards and see raw values.
 */
export function maskingPass(s: SelectNode, ctx: CompileContext): MaskingResult {
  const applied = new Set<string>();
  const rewrite = (e: Expr): Expr | undefined => {
    const field = fieldOf(e);
    const rule = field ? ruleFor(field, ctx) : undefined;
    if (!rule) return undefined;
    if ((rule.method === 'hash' || rule.method === 'tokenize') && !ctx.tenantSettings.maskingKey) {
      throw new QueryCompileError('QUERY_NO_MASKING_KEY', 'tenant has no masking key', false);
    }
    applied.add(rule.id);
    return maskExpr(rule.method, e, ctx.tenantSettings.maskingKey);
  };
  const visit = (sel: SelectNode): SelectNode => {
    const inner = mapSelectExprs(sel, (e) => mapExpr(e, rewrite, visit));
    return withSelect(inner, { from: mapSource(inner.from, visit) });
  };
  // Encrypted-at-rest fields are decrypted (or redacted) underneath any masking expression.
  const select = decryptFieldsPass(visit(s), ctx);
  return { select, applied: [...applied] };
}
