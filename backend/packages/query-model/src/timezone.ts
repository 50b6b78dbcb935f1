/**
 * Time zones are checked against the runtime's IANA list (browser and Node alike)
 * plus UTC. Legacy/alias names the list omits (ICU lists `Asia/Calcutta`, browsers
 * report `Asia/Kolkata`) are accepted when Intl itself resolves them. The name is
 * still a bound parameter in SQL; this check turns a typo into a readable error.
 */
let zones: Set<string> | undefined;

export function isValidTimeZone(tz: string): boolean {
  if (tz === 'UTC') return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return false;
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
