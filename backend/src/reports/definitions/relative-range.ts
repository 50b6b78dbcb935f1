/** `7d` → milliseconds. Units: m(inutes), h, d, w; bounded to one year. */
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MAX_MS = 366 * 86_400_000;

export function parseRelative(last: string): number | null {
  const m = /^(\d{1,4})([mhdw])$/.exec(last);
  if (!m) return null;
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return ms > 0 && ms <= MAX_MS ? ms : null;
}

export function resolveRange(last: string, now: Date): { from: Date; to: Date } {
  const ms = parseRelative(last) ?? 7 * 86_400_000;
  return { from: new Date(now.getTime() - ms), to: now };
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}
