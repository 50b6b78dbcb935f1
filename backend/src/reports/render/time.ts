/**
 * Instants shown in the report's IANA time zone. Intl.formatToParts costs
 * microseconds per call, too slow for 100k-row tables, so zone offsets are
 * looked up once per (zone, quarter hour) and wall clocks are arithmetic.
 */
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

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const dtf = new Map<string, Intl.DateTimeFormat>();
function zoneFields(d: Date, timeZone: string): WallClock {
  let f = dtf.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    dtf.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return {
    year: p.year!,
    month: p.month!,
    day: p.day!,
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
    ms: d.getUTCMilliseconds(),
  };
}

// Zone offsets only change on quarter-hour boundaries.
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
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    ms: local.getUTCMilliseconds(),
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
