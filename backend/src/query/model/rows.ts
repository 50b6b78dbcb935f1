import { LIMITS, rowColumnOf, type CatalogDataset, type Query } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { param } from '../ast/param.ts';
import { alias, order, select, type AliasNode, type OrderNode } from '../ast/select.ts';
import { ref } from '../ast/ref.ts';
import type { Source } from '../ast/table.ts';
import { QueryCompileError } from '../errors.ts';
import type { OutputColumn } from './columns.ts';
import type { SourceBinding } from './sources.ts';
import type { Resolved } from './resolve.ts';

/**
 * Output roles by type, the convention report charts already fall back on
 * (time → time, number → metric, else dimension): frames, reports and exports
 * read a rows result like a table whose columns happen not to be grouped.
 */
const ROLE_OF = { time: 'time', number: 'metric', string: 'dimension' } as const;

export interface RowsParts {
  readonly from: Source;
  readonly where: Expr | undefined;
  /** The resolver's field mapping (dimensions, labels, the quarantine flag). */
  readonly field: (ref: string) => Expr;
}

/**
 * Meaning of shape `rows`: one output row per source row — the selected
 * columns, no metric, no GROUP BY. Everything else is the aggregate path's:
 * the same source node, the same WHERE (time range, filters), then the same
 * passes, so masking rewrites a projected masked column exactly as it would a
 * grouped one, row policies and the tenant guard land on the same table
 * reference, and rollup selection refuses (no metric: see passes/rollup.ts).
 * Columns are aliased `c0…cN` (compiler names, never user text; no table has
 * such a column, so an alias never shadows one in WHERE); time columns are
 * epoch ms like every time in a result.
 */
export function resolveRows(q: Query, ds: CatalogDataset, src: SourceBinding, parts: RowsParts): Resolved {
  const projections: AliasNode[] = [];
  const columns: OutputColumn[] = [];
  const byName = new Map<string, string>();
  (q.columns ?? []).forEach((id, i) => {
    const cat = rowColumnOf(ds, id);
    if (!cat) throw new QueryCompileError('QUERY_UNKNOWN_FIELD', `unknown column ${id} for rows of dataset ${ds.id}`);
    const value = rowValue(src, id, cat.type, parts.field);
    projections.push(alias(value, `c${i}`));
    columns.push({ name: id, sqlName: `c${i}`, type: cat.type, role: ROLE_OF[cat.type], ...(cat.unit ? { unit: cat.unit } : {}) });
    byName.set(id, `c${i}`);
  });
  const orderBy: OrderNode[] = (q.orderBy ?? []).map((o) => {
    const name = byName.get(o.by);
    if (!name) throw new QueryCompileError('QUERY_INVALID', `order by ${o.by}: not a selected column`);
    return order(ref(name), o.dir === 'asc' ? 'ASC' : 'DESC');
  });
  // Newest first by default, so a capped result keeps the latest rows.
  if (orderBy.length === 0 && src.timeColumn) orderBy.push(order(column(src.timeColumn), 'DESC'));
  const limit = Math.min(q.limit ?? LIMITS.defaultRows, LIMITS.maxRows);
  return {
    select: select({
      projections,
      from: parts.from,
      orderBy,
      limit: param(limit, 'UInt32'),
      ...(parts.where ? { where: parts.where } : {}),
    }),
    columns,
    shape: q.shape,
    table: src.table,
  };
}

/** A catalog row column on the source: a dimension or label (as for grouping), else a row-only column. */
function rowValue(src: SourceBinding, id: string, type: 'time' | 'number' | 'string', field: (ref: string) => Expr): Expr {
  const physical = src.rowColumns?.[id];
  if (physical === undefined) return field(id);
  const col = column(physical);
  return type === 'time' ? call('toUnixTimestamp64Milli', [col]) : col;
}
