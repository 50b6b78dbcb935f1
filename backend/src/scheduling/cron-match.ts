/**
 * Minute-resolution cron matching in a time zone, for computing due ticks
 * (node-cron validates expressions but schedules only forward from "now";
 * the scheduler needs "the latest tick at or before t" to run a tick missed
 * during downtime exactly once). A six-field expression's seconds field is
 * ignored: ticks are whole minutes.
 * Day-of-month and day-of-week combine with OR when both are restricted, as
 * in Vixie cron.
 */
const NAMES: Record<string, string> = {
  jan: '1',
  feb: '2',
  mar: '3',
  apr: '4',
  may: '5',
  jun: '6',
  jul: '7',
  aug: '8',
  sep: '9',
  oct: '10',
  nov: '11',
  dec: '12',
  sun: '0',
  mon: '1',
  tue: '2',
  wed: '3',
  thu: '4',
  fri: '5',
  sat: '6',
};
const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

type Field = { any: boolean; values: Set<number> };

function parseField(src: string, [lo, hi]: [number, number]): Field {
  const text = src.toLowerCase().replace(/[a-z]{3}/g, (n) => NAMES[n] ?? n);
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let [a, b] = range === '*' ? [lo, hi] : (range.split('-').map(Number) as [number, number?]);
    if (b === undefined) b = stepText ? hi : a;
    for (let v = a; v <= (b as number); v += step) values.add(v);
  }
  return { any: src === '*', values };
}

export interface CronSpec {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
}

export function parseCron(expr: string): CronSpec {
  let parts = expr.trim().split(/\s+/);
  if (parts.length === 6) parts = parts.slice(1);
  const f = parts.map((p, i) => parseField(p, RANGES[i] as [number, number]));
  const dow = f[4] as Field;
  if (dow.values.has(7)) dow.values.add(0);
  return { minute: f[0] as Field, hour: f[1] as Field, dom: f[2] as Field, month: f[3] as Field, dow };
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function zoned(t: Date, tz: string) {
  let fmt = partsCache.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      minute: 'numeric',
      hour: 'numeric',
      day: 'numeric',
      month: 'numeric',
      weekday: 'short',
    });
    partsCache.set(tz, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, x.value]));
  return {
    minute: Number(p.minute),
    hour: Number(p.hour),
    dom: Number(p.day),
    month: Number(p.month),
    dow: Number(NAMES[String(p.weekday).toLowerCase()]),
  };
}

export function matches(spec: CronSpec, t: Date, tz: string): boolean {
  const z = zoned(t, tz);
  if (!spec.minute.values.has(z.minute) || !spec.hour.values.has(z.hour) || !spec.month.values.has(z.month))
    return false;
  const domOk = spec.dom.values.has(z.dom);
  const dowOk = spec.dow.values.has(z.dow);
  if (spec.dom.any || spec.dow.any) return domOk && dowOk;
  return domOk || dowOk;
}

/** The latest matching minute in (after, now], or null; scans back at most `maxMinutes`. */
export function latestTick(spec: CronSpec, tz: string, now: Date, after: Date, maxMinutes = 8 * 24 * 60): Date | null {
  let t = Math.floor(now.getTime() / 60_000) * 60_000;
  const floor = Math.max(after.getTime(), t - maxMinutes * 60_000);
  for (; t > floor; t -= 60_000) {
    const d = new Date(t);
    if (matches(spec, d, tz)) return d;
  }
  return null;
}
