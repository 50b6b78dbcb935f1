import { findDataset, metricName, toEpochMs, LIMITS, type Query, type Shape } from '@semantest/query-model';
import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { column } from '../ast/column.ts';
import { conjoin } from '../ast/logic.ts';
import { metric } from '../ast/metric.ts';
import { param } from '../ast/param.ts';
import { ref } from '../ast/ref.ts';
import { alias, order, select, type AliasNode, type OrderNode, type SelectNode } from '../ast/select.ts';
import { table, type Source } from '../ast/table.ts';
import { QueryCompileError } from '../errors.ts';
import type { Principal } from '../context.ts';
import type { OutputColumn } from './columns.ts';
import { fieldExpr } from './field.ts';
import { filterExpr, toStringValue } from './filter-expr.ts';
import { DATASET_TABLE, sourceOf, type SourceBinding } from './sources.ts';
import { resolveRows } from './rows.ts';
import { QUARANTINED_FIELD, quarantinedExpr, usesQuarantine, withQuarantinePeriods } from './quarantine.ts';
import { dayBoundsExpr, timeBucket, timeRangeExpr } from './time.ts';
import { runDiffSource } from './run-diff/source.ts';

export interface Resolved {
  readonly select: SelectNode;
  readonly columns: readonly OutputColumn[];
  readonly shape: Shape;
  readonly table: string;
}

const ROLE_RANK = { Viewer: 1, Editor: 2, Admin: 3 } as const;

/**
 * Meaning: maps a VALIDATED query onto one allowlisted source. Only catalog
 * fields become columns; every value becomes a parameter. Security decisions
 * (tenant, policies, masking) are left to the passes.
 */
export function resolveQuery(q: Query, principal: Principal): Resolved {
  const ds = findDataset(q.dataset);
  const tableName = DATASET_TABLE[q.dataset];
  const src = tableName ? sourceOf(tableName) : undefined;
  if (!ds || !src) throw new QueryCompileError('QUERY_INVALID', `unknown dataset ${q.dataset}`);
  // a principal without a role (e.g. a service principal) ranks as Viewer, the least privilege
  if (ROLE_RANK[principal.role ?? 'Viewer'] < ROLE_RANK[ds.minRole]) {
    throw new QueryCompileError('QUERY_FORBIDDEN_DATASET', `dataset ${ds.id} needs role ${ds.minRole}`);
  }
  // results/errors: the quarantine flag and split failure counts need the periods join
  const quarantine = src.table === 'test_results' && usesQuarantine(q);
  const field = (ref: string): Expr => {
    if (quarantine && ref === QUARANTINED_FIELD) return quarantinedExpr();
    const e = fieldExpr(src.table, ref);
    if (!e) throw new QueryCompileError('QUERY_UNKNOWN_FIELD', `unknown field ${ref} for dataset ${ds.id}`);
    return e;
  };

  // raw rows: the same source, WHERE and passes; only the select list differs (rows.ts)
  if (q.shape === 'rows') return resolveRows(q, ds, src, { from: sourceNode(src, quarantine), where: whereOf(q, src, field), field });

  const projections: AliasNode[] = [];
  const columns: OutputColumn[] = [];
  const groupBy: Expr[] = [];
  const byName = new Map<string, string>();
  const timeseries = q.shape === 'timeseries_long' || q.shape === 'timeseries_wide';
  if (timeseries && q.intervalMs !== undefined) {
    projections.push(alias(timeBucket(src.timeColumn, q.intervalMs, q.timezone ?? 'UTC'), 'time'));
    columns.push({ name: 'time', sqlName: 'time', type: 'time', role: 'time' });
    groupBy.push(ref('time'));
    byName.set('time', 'time');
  }
  (q.groupBy ?? []).forEach((g, i) => {
    projections.push(alias(field(g), `d${i}`));
    columns.push({ name: g, sqlName: `d${i}`, type: 'string', role: 'dimension' });
    groupBy.push(ref(`d${i}`));
    byName.set(g, `d${i}`);
  });
  q.metrics.forEach((m, i) => {
    const unit = ds.metrics.find((c) => c.fn === m.fn)?.unit;
    projections.push(alias(metric(m.fn, m.field), `m${i}`));
    columns.push({ name: metricName(m), sqlName: `m${i}`, type: 'number', role: 'metric', ...(unit ? { unit } : {}) });
    byName.set(metricName(m), `m${i}`);
  });


  const orderBy: OrderNode[] = (q.orderBy ?? []).map((o) => order(ref(byName.get(o.by) ?? 'time'), o.dir === 'asc' ? 'ASC' : 'DESC'));
  if (orderBy.length === 0 && q.shape !== 'single') {
    if (timeseries) orderBy.push(order(ref('time'), 'ASC'));
    else orderBy.push(order(ref('m0'), 'DESC'));
    (q.groupBy ?? []).forEach((_, i) => orderBy.push(order(ref(`d${i}`), 'ASC')));
  }

  const whereExpr = whereOf(q, src, field);
  // time series default to the cap so a long range is not cut mid-series; tables to defaultRows
  const fallback = q.shape === 'single' ? 1 : timeseries ? LIMITS.maxRows : LIMITS.defaultRows;
  const limit = Math.min(q.limit ?? fallback, LIMITS.maxRows);
  return {
    select: select({
      projections,
      from: src.derived ? runDiffSource(q) : sourceNode(src, quarantine),
      groupBy,
      orderBy,
      limit: param(limit, 'UInt32'),
      ...(whereExpr ? { where: whereExpr } : {}),
    }),
    columns,
    shape: q.shape,
    table: src.table,
  };
}

/** The FROM of a physical source: the table, or the results joined to their quarantine periods. */
function sourceNode(src: SourceBinding, quarantine: boolean): Source {
  return quarantine ? withQuarantinePeriods(src.table) : table(src.table);
}

/** Dataset restriction (errors), time range and the user's filters: the same for every shape. */
function whereOf(q: Query, src: SourceBinding, field: (ref: string) => Expr): Expr | undefined {
  const where: (Expr | undefined)[] = [];
  if (q.dataset === 'errors') where.push(call('has', [param(['failed', 'error'], 'Array(String)'), column('status')]));
  // a derived source (run_diff) applies the time range inside, to choose its sides
  if (q.timeRange && !src.derived) where.push(timeRangeExpr(src.timeColumn, toEpochMs(q.timeRange.from), toEpochMs(q.timeRange.to)));
  // test_results' sort key has the day, not the timestamp: restate the range on it (time.ts).
  if (q.timeRange && src.table === 'test_results') where.push(dayBoundsExpr(src.timeColumn, toEpochMs(q.timeRange.from), toEpochMs(q.timeRange.to)));
  for (const f of q.filters ?? []) {
    const value = Array.isArray(f.value) ? f.value.map(toStringValue) : f.value === undefined ? undefined : toStringValue(f.value);
    where.push(filterExpr(field(f.field), value === undefined ? { op: f.op } : { op: f.op, value }));
  }
  return conjoin(where);
}
