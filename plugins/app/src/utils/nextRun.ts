/**
 * When a report's schedule fires next, computed in the browser with the scheduler's own cron
 * matcher (backend/src/scheduling/cron-match.ts: same field semantics, same time-zone
 * handling, minute resolution), so the page and the scheduler cannot disagree on meaning.
 * The API does not return a next-run time; this scans forward minute by minute, bounded.
 */
import { matches, parseCron } from '../../../../backend/src/scheduling/cron-match.ts';

const MINUTE = 60_000;
/** 35 days covers every monthly schedule; rarer ones show as "later". */
const HORIZON_MINUTES = 35 * 24 * 60;

export function nextRun(cron: string, timezone: string, now: Date): Date | null {
  let spec;
  try {
    spec = parseCron(cron);
  } catch {
    return null;
  }
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < HORIZON_MINUTES; i++) {
    const t = new Date(start + i * MINUTE);
    if (matches(spec, t, timezone)) {
      return t;
    }
  }
  return null;
}
