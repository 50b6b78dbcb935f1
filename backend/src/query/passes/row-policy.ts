import type { Expr } from '../ast/expr.ts';
import { and, denyAll, or } from '../ast/logic.ts';
import type { SelectNode } from '../ast/select.ts';
import type { TableNode } from '../ast/table.ts';
import type { CompileContext, RowPolicy } from '../context.ts';
import { fieldExpr } from '../model/field.ts';
import { sourceOf } from '../model/sources.ts';
import { filterExpr, toStringValue } from '../model/filter-expr.ts';
import { addPerTableReference } from './per-table.ts';
import { policyApplies } from './policy-match.ts';
import { substitute } from './policy-values.ts';

/** One policy as a predicate on one table: its conditions AND-ed; fail closed on anything unusable. */
function policyExpr(p: RowPolicy, table: string, ctx: CompileContext): Expr | undefined {
  const parts: Expr[] = [];
  for (const c of p.condition) {
    const target = fieldExpr(table, c.field);
    if (!target) return denyAll('policy_field_unavailable');
    const raw = c.value;
    let value: string | string[] | undefined;
    if (Array.isArray(raw)) {
      const subs = raw.map((v) => substitute(toStringValue(v), ctx));
      if (subs.some((v) => v === undefined)) return denyAll('policy_value_unavailable');
      value = subs as string[];
    } else if (raw !== undefined) {
      value = substitute(toStringValue(raw), ctx);
      if (value === undefined) return denyAll('policy_value_unavailable');
    }
    parts.push(filterExpr(target, value === undefined ? { op: c.op } : { op: c.op, value }));
  }
  if (parts.length === 0) return undefined; // a policy without conditions admits every tenant row
  return parts.length === 1 ? parts[0] : and(parts);
}

export interface PolicyResult {
  readonly select: SelectNode;
  readonly applied: readonly string[];
}

/**
 * Row-level security, at every table reference (like the tenant guard):
 *  - conditions within a policy AND; applicable policies OR (any one admits a row);
 *  - no applicable policy: denyByDefault → explicit deny_all, else all tenant rows.
 * Runs AFTER masking, so policy conditions see raw values (they are the admin's,
 * not the user's), and BEFORE rollup selection, so their columns count.
 */
export function rowPolicyPass(s: SelectNode, ctx: CompileContext): PolicyResult {
  const applicable = ctx.policies.filter((p) => policyApplies(p, ctx.principal));
  // A classifier (quarantine periods) only flags rows of the main source, which the
  // policies already filter; its own rows are never returned.
  const classifier = (t: TableNode) => sourceOf(t.name)?.classifierOnly === true;
  if (applicable.length === 0) {
    if (!ctx.tenantSettings.denyByDefault) return { select: s, applied: [] };
    return { select: addPerTableReference(s, (t) => (classifier(t) ? undefined : denyAll('no_applicable_policy'))), applied: ['deny_by_default'] };
  }
  const predFor = (t: TableNode): Expr | undefined => {
    if (classifier(t)) return undefined;
    const each = applicable.map((p) => policyExpr(p, t.name, ctx));
    if (each.some((e) => e === undefined)) return undefined;
    const defined = each as Expr[];
    return defined.length === 1 ? defined[0] : or(defined);
  };
  return { select: addPerTableReference(s, predFor), applied: applicable.map((p) => p.id) };
}
