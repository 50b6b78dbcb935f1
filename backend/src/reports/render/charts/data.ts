/**
 * Turns a section's columns and rows into chart-shaped data. Roles come from
 * `column.role` when given, else from the type (time → time, number →
 * metric, anything else → dimension). Two layouts are understood:
 *   wide: x [+ time], metric1, metric2, …   (one series per metric)
 *   long: x, dimension, metric               (one series per dimension value)
 */
import type { Column, Unit } from '../model.ts';
import { formatCell, toDate, toNumber } from '../format.ts';

export interface Roles {
  time: number | null;
  dims: number[];
  metrics: number[];
}

export function roles(columns: Column[]): Roles {
  const role = (c: Column) => c.role ?? (c.type === 'time' ? 'time' : c.type === 'number' ? 'metric' : 'dimension');
  const idx = (r: string) => columns.flatMap((c, i) => (role(c) === r ? [i] : []));
  return { time: idx('time')[0] ?? null, dims: idx('dimension'), metrics: idx('metric') };
}

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface XYData {
  /** Category labels, or formatted times when `times` is set. */
  labels: string[];
  times: number[] | null;
  series: Series[];
  unit: Unit | undefined;
}

const MAX_SERIES = 10;

export function xyData(columns: Column[], rows: unknown[][], timeZone: string): XYData {
  const r = roles(columns);
  const metric = r.metrics[0];
  const unit = metric !== undefined ? columns[metric]!.unit : undefined;
  const xIdx = r.time ?? r.dims[0] ?? null;
  const splitBy = r.time !== null ? r.dims[0] : r.dims[1];
  const keyOf = (row: unknown[]) =>
    xIdx === null ? '' : String(row[xIdx] instanceof Date ? (row[xIdx] as Date).getTime() : row[xIdx]);
  const xs = new Map<string, number>();
  const labels: string[] = [];
  const times: number[] = [];
  for (const row of rows) {
    const k = keyOf(row);
    if (xs.has(k)) continue;
    xs.set(k, xs.size);
    labels.push(xIdx === null ? '' : formatCell(row[xIdx], columns[xIdx]!, timeZone));
    if (r.time !== null) times.push(toDate(row[r.time])?.getTime() ?? NaN);
  }
  const series: Series[] = [];
  if (splitBy !== undefined && r.metrics.length === 1) {
    const byName = new Map<string, Series>();
    for (const row of rows) {
      const name = formatCell(row[splitBy], columns[splitBy]!, timeZone) || '(empty)';
      let s = byName.get(name);
      if (!s) byName.set(name, (s = { name, values: new Array(xs.size).fill(null) }));
      const i = xs.get(keyOf(row))!;
      s.values[i] = (s.values[i] ?? 0) + (toNumber(row[metric!]) ?? 0);
    }
    series.push(...topSeries([...byName.values()]));
  } else {
    for (const m of r.metrics.slice(0, MAX_SERIES)) {
      const values: (number | null)[] = new Array(xs.size).fill(null);
      for (const row of rows) values[xs.get(keyOf(row))!] = toNumber(row[m]);
      series.push({ name: columns[m]!.name, values });
    }
  }
  return { labels, times: r.time !== null ? times : null, series, unit };
}

/** Keeps the largest series; the rest are summed into "other". */
function topSeries(all: Series[]): Series[] {
  if (all.length <= MAX_SERIES) return all;
  const total = (s: Series) => s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const sorted = [...all].sort((a, b) => total(b) - total(a));
  const keep = sorted.slice(0, MAX_SERIES - 1);
  const other: Series = { name: 'other', values: keep[0]!.values.map(() => 0) };
  for (const s of sorted.slice(MAX_SERIES - 1))
    s.values.forEach((v, i) => (other.values[i] = (other.values[i] ?? 0) + (v ?? 0)));
  return [...keep, other];
}

export interface Slice {
  label: string;
  value: number;
}

/** label (dimensions joined) → summed first metric, largest first. */
export function slices(
  columns: Column[],
  rows: unknown[][],
  timeZone: string
): { slices: Slice[]; unit: Unit | undefined } {
  const r = roles(columns);
  const m = r.metrics[0];
  const by = new Map<string, number>();
  for (const row of rows) {
    const label = r.dims.map((d) => formatCell(row[d], columns[d]!, timeZone)).join(' / ') || '(all)';
    by.set(label, (by.get(label) ?? 0) + (m === undefined ? 1 : Math.max(0, toNumber(row[m]) ?? 0)));
  }
  const out = [...by].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
  return { slices: out, unit: m === undefined ? undefined : columns[m]!.unit };
}

/** The single value a stat or gauge shows: the first metric of the last row. */
export function lastValue(columns: Column[], rows: unknown[][]): { value: number | null; column: Column | undefined } {
  const m = roles(columns).metrics[0];
  const last = rows[rows.length - 1];
  return {
    value: m === undefined || !last ? null : toNumber(last[m]),
    column: m === undefined ? undefined : columns[m],
  };
}
