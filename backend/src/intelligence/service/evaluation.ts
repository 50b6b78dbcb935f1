/**
 * One evaluation of a project's monitor: read the histories from the
 * analytics store, run the pure evaluator, and apply each test's new
 * detected changes to its stored record (quarantine policy, auto-release,
 * expiry), appending the changes with their evidence run ids.
 *
 * Idempotence: the evaluator replays the whole window each time, so only
 * changes dated after the stored `detected_since` are applied, and
 * applyDetection ignores a change to the state the test is already in.
 * Tests that never left healthy get no row (the table stays small).
 */
import type { AnalyticsDriver } from '../../storage/analytics/driver.ts';
import type { MetadataDb } from '../../storage/metadata/driver.ts';
import { historySql, rowsToHistories, type HistoryRow } from '../monitors/history-sql.ts';
import { resolveMonitorConfig } from '../monitors/config.ts';
import { evaluateMonitors } from '../monitors/evaluate.ts';
import { applyDetections, expireQuarantine } from '../quarantine/transitions.ts';
import { newRecord } from '../quarantine/model.ts';
import { loadRecords, saveRecord, type StoredRecord } from '../store/records.ts';
import { resolvePolicy, type MonitorRecord } from '../store/monitors-store.ts';
import type { TestHistory } from '../types.ts';

const DAY_MS = 86_400_000;

export interface EvaluationSummary {
  project: string;
  monitorId: string;
  testsEvaluated: number;
  /** Tests whose stored record changed (state, quarantine or expiry). */
  testsChanged: number;
  states: Record<string, number>;
}

export async function fetchHistories(analytics: AnalyticsDriver, tenant: string, project: string, from: number, to: number, testIds?: string[]): Promise<TestHistory[]> {
  const q = historySql({ tenant, project, from, to, ...(testIds ? { testIds } : {}) });
  return rowsToHistories(await analytics.query<HistoryRow>(q.sql, q.params));
}

export async function evaluateProject(
  deps: { analytics: AnalyticsDriver; metadata: MetadataDb },
  tenant: string, monitor: MonitorRecord, now: number, lookbackDays: number,
): Promise<EvaluationSummary> {
  const config = resolveMonitorConfig(monitor.config);
  const policy = resolvePolicy(monitor.quarantinePolicy, monitor.name);
  const histories = await fetchHistories(deps.analytics, tenant, monitor.project, now - lookbackDays * DAY_MS, now);
  const names = new Map(histories.map((h) => [h.testId, h.name ?? '']));
  const evaluations = evaluateMonitors(config, histories, now);
  let changed = 0;
  // Records are read inside the transaction: a quarantine made meanwhile must not be overwritten.
  await deps.metadata.transaction(async (tx) => {
    const stored = await loadRecords(tx, tenant, monitor.project);
    const seen = new Set<string>();
    for (const ev of evaluations) {
      seen.add(ev.testId);
      const before: StoredRecord = stored.get(ev.testId) ?? { name: names.get(ev.testId) ?? '', quarantineId: null, record: newRecord(ev.testId) };
      if (!before.name) before.name = names.get(ev.testId) ?? '';
      const since = before.record.detectedSince ?? -Infinity;
      // A change found now may be dated before a later manual action (a quarantine made
      // between two evaluations): it is recorded no earlier than that action, so the
      // audit trail stays in time order. Its evidence keeps the real runs.
      const floor = Math.max(since, before.record.quarantine?.createdAt ?? -Infinity);
      const fresh = ev.changes.filter((c) => c.at > since).map((c) => (c.at >= floor ? c : { ...c, at: floor }));
      const after = applyDetections(before.record, fresh, policy, now);
      if (after.history.length === 0) continue;
      await saveRecord(tx, tenant, monitor.project, before, after, now);
      changed++;
    }
    // Quarantined tests without runs in the window still expire.
    for (const [testId, before] of stored) {
      if (seen.has(testId)) continue;
      const after = expireQuarantine(before.record, now);
      if (after === before.record) continue;
      await saveRecord(tx, tenant, monitor.project, before, after, now);
      changed++;
    }
  });
  const states: Record<string, number> = { healthy: 0, flaky: 0, broken: 0 };
  for (const ev of evaluations) states[ev.state] = (states[ev.state] ?? 0) + 1;
  return { project: monitor.project, monitorId: monitor.id, testsEvaluated: evaluations.length, testsChanged: changed, states };
}
