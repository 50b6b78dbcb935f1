import type { FilterOp } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { column, type ColumnNode } from '../ast/column.ts';
import type { LabelNode } from '../ast/label.ts';
import { call } from '../ast/call.ts';
import { compare } from '../ast/compare.ts';
import { not } from '../ast/logic.ts';
import { param, str } from '../ast/param.ts';
import { assertNever } from '../ast/expr.ts';

/** A filter whose values are final strings (policy templates already substituted). */
export interface BoundFilter {
  readonly op: FilterOp;
  readonly value?: string | readonly string[];
}

/** Scalars of the model become strings: every dimension is a String column. */
export function toStringValue(v: string | number | boolean): string {
  return typeof v === 'string' ? v : String(v);
}

const one = (v: BoundFilter['value']): string => (typeof v === 'string' ? v : (v?.[0] ?? ''));
const many = (v: BoundFilter['value']): readonly string[] => (typeof v === 'string' ? [v] : (v ?? []));

/**
 * Filter → predicate over a raw column or label. The masking pass later rewrites
 * masked fields inside it, so user filters compare MASKED values. Values are only ever ParamNodes. "null" means absent: an empty
 * string for columns (they are not Nullable), a missing key for labels.
 */
export function filterExpr(target: ColumnNode | LabelNode | Expr, f: BoundFilter): Expr {
  switch (f.op) {
    case '=': case '!=': case '<': case '<=': case '>': case '>=':
      return compare(f.op, target, str(one(f.value)));
    case 'in': return call('has', [param(many(f.value), 'Array(String)'), target]);
    case 'not_in': return not(call('has', [param(many(f.value), 'Array(String)'), target]));
    case 'like': return compare('LIKE', target, str(one(f.value)));
    case 'contains': return compare('>', call('positionCaseInsensitiveUTF8', [target, str(one(f.value))]), param(0, 'UInt64'));
    case 'regex': return call('match', [target, str(one(f.value))]);
    case 'is_null': return isAbsent(target);
    case 'not_null': return not(isAbsent(target));
    default: return assertNever(f.op);
  }
}

// Label presence is structural, not a value: masking hides label values, not keys.
function isAbsent(target: ColumnNode | LabelNode | Expr): Expr {
  if (target.kind === 'label') return not(call('mapContains', [column('labels'), str(target.key)]));
  return call('empty', [target]);
}
