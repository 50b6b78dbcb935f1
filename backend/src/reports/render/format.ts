/**
 * One formatting module for every renderer. PDF and summaries want display
 * strings ("1.2 s", "93.4%", "2026-11-25 19:00"); XLSX wants the raw value
 * plus an Excel number format; CSV wants a plain machine-readable value. All
 * three derive from the same column metadata so units never disagree.
 */
import type { Column, Unit } from './model.ts';

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

const DURATION_MS: Partial<Record<Unit, number>> = { ns: 1e-6, 'µs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };

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

export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string' && v !== '') {
    // ClickHouse DateTime text ("2026-11-25 18:00:00") is UTC.
    const iso = /^\d{4}-\d\d-\d\d \d/.test(v) && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v.replace(' ', 'T') + 'Z' : v;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

interface WallClock {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number;
}

const dtf = new Map<string, Intl.DateTimeFormat>();
function zoneFields(d: Date, timeZone: string): WallClock {
  let f = dtf.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    dtf.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!, ms: d.getUTCMilliseconds() };
}

// Intl.formatToParts costs microseconds per call, too slow for 100k-row
// tables. Zone offsets only change on quarter-hour boundaries, so the offset
// is cached per (zone, quarter hour) and wall clocks are plain arithmetic.
const QUARTER = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** Offset of the zone at that instant, in minutes east of UTC. */
export function zoneOffsetMinutes(d: Date, timeZone: string): number {
  let byZone = offsets.get(timeZone);
  if (!byZone) offsets.set(timeZone, (byZone = new Map()));
  const q = Math.floor(d.getTime() / QUARTER);
  let off = byZone.get(q);
  if (off === undefined) {
    const w = zoneFields(new Date(q * QUARTER), timeZone);
    off = Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - q * QUARTER) / 60000);
    if (byZone.size > 100_000) byZone.clear();
    byZone.set(q, off);
  }
  return off;
}

/** Wall-clock fields of an instant in an IANA time zone. */
export function wallClock(d: Date, timeZone: string): WallClock {
  const local = new Date(d.getTime() + zoneOffsetMinutes(d, timeZone) * 60000);
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds(), ms: local.getUTCMilliseconds(),
  };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** "2026-11-25 19:00" (or with seconds) in the report's time zone. */
export function formatDateTime(d: Date, timeZone: string, seconds = false): string {
  const w = wallClock(d, timeZone);
  return `${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)}${seconds ? ':' + p2(w.second) : ''}`;
}

/** ISO 8601 with the zone's offset, for machine-readable exports. */
export function formatIsoInZone(d: Date, timeZone: string): string {
  const w = wallClock(d, timeZone);
  const off = zoneOffsetMinutes(d, timeZone);
  const sign = off < 0 ? '-' : '+';
  const ms = w.ms ? '.' + String(w.ms).padStart(3, '0') : '';
  return `${w.year}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}${ms}${sign}${p2(Math.floor(Math.abs(off) / 60))}:${p2(Math.abs(off) % 60)}`;
}

/** "2026-11-18 00:00 – 2026-11-25 00:00 (Europe/Berlin)". */
export function formatRange(from: Date, to: Date, timeZone: string): string {
  return `${formatDateTime(from, timeZone)} – ${formatDateTime(to, timeZone)} (${timeZone})`;
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
