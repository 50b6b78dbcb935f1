/**
 * Turns query frames into the matrix the panel draws: sorted distinct row and column labels
 * and one cell per (row, column). Several input rows for one pair are merged: counts add up and
 * the value becomes the count-weighted mean (an unweighted mean when counts are missing), so a
 * query that was not grouped exactly by the two dimensions still yields the right pass rate.
 */
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import { numberAt, pickField, stringAt } from '../../shared/src/fields';
import type { HealthMatrixOptions } from './types';

export interface MatrixCell {
  row: number;
  col: number;
  value: number | undefined;
  count: number | undefined;
}

export interface MatrixModel {
  rows: string[];
  cols: string[];
  /** Key `row * cols.length + col`; absent when no data exists for the pair. */
  cells: Map<number, MatrixCell>;
  /** The value field (carries unit, thresholds and colour scheme from the field config). */
  valueField: Field | undefined;
  countField: Field | undefined;
}

interface Acc {
  row: string;
  col: string;
  weighted: number;
  weight: number;
  count: number | undefined;
}

type Fields = Pick<HealthMatrixOptions, 'rowField' | 'columnField' | 'valueField' | 'countField'>;

export function buildMatrix(series: DataFrame[], options: Fields): MatrixModel {
  const acc = new Map<string, Acc>();
  let valueField: Field | undefined;
  let countField: Field | undefined;
  for (const frame of series) {
    const rowF = pickField(frame, options.rowField, [FieldType.string]);
    const colF = pickField(frame, options.columnField, [FieldType.string], [rowF]);
    const valF = pickField(frame, options.valueField, [FieldType.number]);
    const cntF = pickField(frame, options.countField, [FieldType.number], [valF]);
    if (!rowF || !colF || !valF) {
      continue;
    }
    valueField ??= valF;
    countField ??= cntF;
    for (let i = 0; i < frame.length; i++) {
      const row = stringAt(rowF, i);
      const col = stringAt(colF, i);
      const key = `${row}\u0000${col}`;
      const value = numberAt(valF, i);
      const count = numberAt(cntF, i);
      const a = acc.get(key) ?? { row, col, weighted: 0, weight: 0, count: undefined };
      if (value !== undefined) {
        const w = count ?? 1;
        a.weighted += value * w;
        a.weight += w;
      }
      if (count !== undefined) {
        a.count = (a.count ?? 0) + count;
      }
      acc.set(key, a);
    }
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const rows = [...new Set([...acc.values()].map((a) => a.row))].sort(collator.compare);
  const cols = [...new Set([...acc.values()].map((a) => a.col))].sort(collator.compare);
  const rowIdx = new Map(rows.map((r, i) => [r, i]));
  const colIdx = new Map(cols.map((c, i) => [c, i]));
  const cells = new Map<number, MatrixCell>();
  for (const a of acc.values()) {
    const row = rowIdx.get(a.row)!;
    const col = colIdx.get(a.col)!;
    const value = a.weight > 0 ? a.weighted / a.weight : undefined;
    cells.set(row * cols.length + col, { row, col, value, count: a.count });
  }
  return { rows, cols, cells, valueField, countField };
}
