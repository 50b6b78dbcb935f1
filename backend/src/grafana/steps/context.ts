/** What every provisioning step gets, and how it reports. */
import type { GrafanaClient } from '../api/grafana-client.ts';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'kept' | 'skipped' | 'deleted' | 'absent';

export interface StepContext {
  grafana: GrafanaClient;
  orgId: number;
  /** One line per object on stderr (or wherever the caller sends it). */
  progress(step: string, outcome: Outcome, detail?: string): void;
}

/** True when every field of `want` equals the same field of `have` (extra fields in `have` are Grafana's). */
export function containsAll(have: unknown, want: unknown): boolean {
  if (Array.isArray(want)) {
    return Array.isArray(have) && have.length === want.length && want.every((w, i) => containsAll(have[i], w));
  }
  if (want !== null && typeof want === 'object') {
    if (have === null || typeof have !== 'object' || Array.isArray(have)) return false;
    return Object.entries(want).every(([k, v]) => containsAll((have as Record<string, unknown>)[k], v));
  }
  return Object.is(have, want);
}
