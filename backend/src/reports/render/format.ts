/**
 * One formatting module for every renderer. PDF and summaries want display
 * strings ("1.2 s", "93.4%", "2026-11-25 19:00"); XLSX wants the raw value
 * plus an Excel number format; CSV wants a plain machine-readable value. All
 * three derive from the same column metadata so units never disagree.
 */
import type { Column, Unit } from './model.ts';
import { formatDateTime, toDate, wallClock } from './time.ts';

export { formatDateTime, formatIsoInZone, formatRange, toDate, wallClock, zoneOffsetMinutes } from './time.ts';

const nf = new Map<string, Intl.NumberFormat>();
function numberFormat(maxFrac: number, minFrac = 0): Intl.NumberFormat {
  const key = `${minFrac}:${maxFrac}`;
  let f = nf.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFrac, minimumFractionDigits: minFrac });
    nf.set(key, f);
  }
  return f;
}

/** Rounds for display: more decimals for small magnitudes, none for large. */
export function formatNumber(n: number, decimals?: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞';
  const abs = Math.abs(n);
  const d = decimals ?? (abs >= 1000 || Number.isInteger(n) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
  // Fast path (no grouping needed below 1000): Intl is ~1 µs per call.
  if (abs < 1000) return String(Number(n.toFixed(d)));
  return numberFormat(d).format(n);
}

const DURATION_MS: Partial<Record<Unit, number>> = {
  ns: 1e-6,
  µs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 60e3,
  h: 3600e3,
  d: 86400e3,
};

export function isDurationUnit(unit: Unit | undefined): boolean {
  return unit !== undefined && DURATION_MS[unit] !== undefined;
}

/** Milliseconds for a value in a duration unit (XLSX stores durations as days). */
export function toMilliseconds(value: number, unit: Unit): number {
  return value * (DURATION_MS[unit] ?? 1);
}

/** "850 ms", "1.25 s", "2m 05s", "3h 12m", "4d 6h". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a === 0) return '0 ms';
  if (a < 1) return `${sign}${formatNumber(a * 1000, a * 1000 >= 10 ? 0 : 1)} µs`;
  if (a < 1000) return `${sign}${formatNumber(a, a >= 100 ? 0 : 1)} ms`;
  if (a < 60e3) return `${sign}${formatNumber(a / 1000, 2)} s`;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  if (a < 3600e3) return `${sign}${Math.floor(a / 60e3)}m ${pad((a % 60e3) / 1000)}s`;
  if (a < 86400e3) return `${sign}${Math.floor(a / 3600e3)}h ${pad((a % 3600e3) / 60e3)}m`;
  return `${sign}${Math.floor(a / 86400e3)}d ${Math.floor((a % 86400e3) / 3600e3)}h`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const SHORT_UNITS = ['', 'K', 'M', 'B', 'T'];

function scaled(n: number, base: number, names: string[], sep: string): string {
  let i = 0;
  let v = n;
  while (Math.abs(v) >= base && i < names.length - 1) {
    v /= base;
    i++;
  }
  return `${formatNumber(v, i === 0 && Number.isInteger(v) ? 0 : Math.abs(v) >= 100 ? 0 : 1)}${names[i] ? sep + names[i] : ''}`;
}

/** Display string for a number in a unit. */
export function formatWithUnit(n: number, unit: Unit | undefined): string {
  if (!Number.isFinite(n)) return formatNumber(n);
  switch (unit) {
    case 'percent':
      return `${formatNumber(n, Math.abs(n) >= 100 ? 0 : 1)}%`;
    case 'percentunit':
      return `${formatNumber(n * 100, Math.abs(n) >= 1 ? 0 : 1)}%`;
    case 'bytes':
      return scaled(n, 1024, BYTE_UNITS, ' ');
    case 'short':
      return scaled(n, 1000, SHORT_UNITS, '');
    case undefined:
    case 'none':
      return formatNumber(n);
    default:
      return formatDuration(toMilliseconds(n, unit));
  }
}

export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** Display string of any cell (PDF tables, chart labels, summaries). */
export function formatCell(v: unknown, col: Column, timeZone: string): string {
  if (v === null || v === undefined) return '';
  if (col.type === 'time') {
    const d = toDate(v);
    return d ? formatDateTime(d, timeZone, true) : String(v);
  }
  if (col.type === 'number') {
    const n = toNumber(v);
    return n === null ? String(v) : formatWithUnit(n, col.unit);
  }
  if (col.type === 'boolean') return v === true || v === 1 || v === 'true' ? 'yes' : 'no';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Excel number format for a column (XLSX stores durations as fractions of a day). */
export function excelFormat(col: Column): string | undefined {
  if (col.type === 'time') return 'yyyy-mm-dd hh:mm:ss';
  if (col.type !== 'number') return undefined;
  if (isDurationUnit(col.unit)) return '[h]:mm:ss.000';
  switch (col.unit) {
    case 'percent':
      return '0.0"%"';
    case 'percentunit':
      return '0.0%';
    case 'bytes':
      return '#,##0 "B"';
    default:
      return '#,##0.###';
  }
}

/** The value stored in an XLSX cell for a column: wall-clock dates, durations as days. */
export function excelValue(v: unknown, col: Column, timeZone: string): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (col.type === 'time') {
    const d = toDate(v);
    if (!d) return String(v);
    // Excel dates carry no zone: store the report zone's wall clock.
    const w = wallClock(d, timeZone);
    return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
  }
  if (col.type === 'number') {
    const n = toNumber(v);
    if (n === null) return String(v);
    return isDurationUnit(col.unit) ? toMilliseconds(n, col.unit!) / 86400e3 : n;
  }
  if (col.type === 'boolean') return v === true || v === 1 || v === 'true';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
