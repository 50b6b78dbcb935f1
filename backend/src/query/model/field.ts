import { isDimension, isLabelRef, labelKeyOf } from '@semantest/query-model';
import { column, type ColumnNode } from '../ast/column.ts';
import { label, type LabelNode } from '../ast/label.ts';
import { sourceOf } from './sources.ts';

/** The expression of a field reference on a table, or undefined when the table lacks it. */
export function fieldExpr(table: string, ref: string): ColumnNode | LabelNode | undefined {
  const src = sourceOf(table);
  if (!src) return undefined;
  if (isLabelRef(ref)) return src.labels ? label(labelKeyOf(ref)) : undefined;
  if (!isDimension(ref)) return undefined;
  const col = src.fields[ref];
  return col === undefined ? undefined : column(col);
}
