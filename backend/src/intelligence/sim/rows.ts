/**
 * Turns a simulated history into `test_results` rows (JSONEachRow) for
 * integration tests against a real ClickHouse engine. Columns left out take
 * their table defaults.
 */
import { chTime } from '../sql.ts';
import type { SimResult } from './ci-history.ts';

export function simResultRows(sim: SimResult, tenant: string, project: string): Array<Record<string, unknown>> {
  const duration = new Map(sim.durations.map((d) => [`${d.testId}/${d.runId}`, d.durationMs]));
  const rows: Array<Record<string, unknown>> = [];
  for (const h of sim.histories) {
    for (const run of h.runs) {
      for (const a of run.attempts) {
        rows.push({
          tenant_id: tenant, project, run_id: run.runId, suite: 'sim', test_id: h.testId, name: h.name ?? h.testId,
          file: h.file ?? '', status: a.status, attempt: a.attempt, is_final: a.isFinal ? 1 : 0,
          duration_ms: duration.get(`${h.testId}/${run.runId}`) ?? 0, started_at: chTime(run.startedAt + a.attempt),
          branch: run.branch, commit_sha: run.commitSha, retention_days: 3650,
        });
      }
    }
  }
  return rows;
}

export function toNdjson(rows: ReadonlyArray<Record<string, unknown>>): Buffer {
  return Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
