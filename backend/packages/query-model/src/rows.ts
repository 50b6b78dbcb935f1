import { SHAPES, type Query, type Shape } from './query.ts';
import type { CatalogDataset, CatalogRowColumn } from './catalog/types.ts';
import { isLabelRef } from './fields.ts';
import type { QueryIssue } from './errors.ts';

/** The shapes a dataset answers: its explicit list, else every shape (`rows` only with row columns). */
export function datasetShapes(ds: CatalogDataset): readonly Shape[] {
  return ds.shapes ?? SHAPES.filter((s) => s !== 'rows' || ds.rowColumns !== undefined);
}

/** The row column `ref` names on the dataset (a catalog column, or a label when the rows carry labels). */
export function rowColumnOf(ds: CatalogDataset, ref: string): CatalogRowColumn | undefined {
  if (isLabelRef(ref)) return ds.labels && ds.rowColumns ? { id: ref, type: 'string', description: 'Label value' } : undefined;
  return ds.rowColumns?.find((c) => c.id === ref);
}

/**
 * Cross-field rules of the `rows` shape: columns from the dataset's catalog (no
 * duplicates), no metrics, no grouping, ordering only by a selected column.
 * A dataset without row columns is already refused by the shape check.
 */
export function rowsIssues(ds: CatalogDataset, q: Query): QueryIssue[] {
  if (ds.rowColumns === undefined) return [];
  const out: QueryIssue[] = [];
  const columns = q.columns ?? [];
  if (q.metrics.length > 0) out.push({ path: '/metrics', message: 'a rows query takes no metrics: list the columns to read instead' });
  if ((q.groupBy ?? []).length > 0) out.push({ path: '/groupBy', message: 'a rows query is not grouped: leave groupBy out' });
  if (columns.length === 0) out.push({ path: '/columns', message: 'a rows query needs at least one column' });
  columns.forEach((c, i) => {
    if (!rowColumnOf(ds, c)) out.push({ path: `/columns/${i}`, message: `unknown column "${c}" for rows of dataset ${ds.id}` });
    if (columns.indexOf(c) !== i) out.push({ path: `/columns/${i}`, message: `duplicate column "${c}"` });
  });
  (q.orderBy ?? []).forEach((o, i) => {
    if (!columns.includes(o.by)) out.push({ path: `/orderBy/${i}/by`, message: `order by "${o.by}": a rows query orders by one of its columns` });
  });
  return out;
}

/** The aggregating shapes' counterpart: at least one metric, no `columns`. */
export function aggregateIssues(q: Query): QueryIssue[] {
  const out: QueryIssue[] = [];
  if (q.metrics.length === 0) out.push({ path: '/metrics', message: `shape ${q.shape} needs at least one metric (shape rows reads columns without metrics)` });
  if (q.columns !== undefined) out.push({ path: '/columns', message: 'only shape rows takes columns' });
  return out;
}
