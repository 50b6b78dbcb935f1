/**
 * Time zones are checked against the runtime's IANA list (browser and Node alike)
 * plus UTC. They are still bound as parameters by the compiler; this check only
 * turns a typo into a readable error instead of an engine failure.
 */
let zones: Set<string> | undefined;

export function isValidTimeZone(tz: string): boolean {
  if (tz === 'UTC') return true;
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return zones.has(tz);
}
