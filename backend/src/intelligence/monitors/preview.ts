/**
 * What a monitor would flag before it is saved: the preview endpoint runs
 * the evaluator over the fetched histories with the unsaved config and
 * returns the tests whose current state is not healthy, plus counts.
 */
import type { TestHistory, DetectedState } from '../types.ts';
import { resolveMonitorConfig, type MonitorConfigInput } from './config.ts';
import { evaluateMonitors, type StateChange } from './evaluate.ts';

export interface PreviewItem {
  testId: string;
  name?: string;
  state: DetectedState;
  since: number | null;
  /** The change that put the test in its current state. */
  cause: StateChange | null;
}

export interface MonitorPreview {
  asOf: number;
  counts: Record<DetectedState, number>;
  flagged: PreviewItem[];
}

export function previewMonitor(config: MonitorConfigInput, histories: readonly TestHistory[], asOf: number = Date.now()): MonitorPreview {
  const resolved = resolveMonitorConfig(config);
  const counts: Record<DetectedState, number> = { healthy: 0, flaky: 0, broken: 0 };
  const flagged: PreviewItem[] = [];
  const names = new Map(histories.map((h) => [h.testId, h.name]));
  for (const ev of evaluateMonitors(resolved, histories, asOf)) {
    counts[ev.state]++;
    if (ev.state === 'healthy') continue;
    const name = names.get(ev.testId);
    flagged.push({ testId: ev.testId, ...(name ? { name } : {}), state: ev.state, since: ev.since, cause: ev.changes[ev.changes.length - 1] ?? null });
  }
  flagged.sort((a, b) => (a.state === b.state ? (b.since ?? 0) - (a.since ?? 0) : a.state === 'broken' ? -1 : 1));
  return { asOf, counts, flagged };
}
