/**
 * Mirrors test states and quarantine periods from the metadata store
 * (PostgreSQL/PGlite, the source of truth) into the analytics store, so the
 * query compiler can read them through its tenant guard, row policies and
 * masking (datasets `test_states`, the `quarantined` flag of results).
 *
 * When: `mirrorTests` after each evaluation of a project (whole project, so
 * failure rates and flips stay fresh), and `syncChanged` on a short timer:
 * every test whose state row was written since the last sync (every state or
 * quarantine change upserts test_states.evaluated_at through saveRecord),
 * minus a safety margin for transactions that committed late or replicas
 * with skewed clocks. The first sync of a process mirrors everything, which
 * also heals anything lost while the process was down. Rewrites are
 * idempotent (ReplacingMergeTree keyed by tenant + project + test).
 */
import type { AnalyticsDriver } from '../../storage/analytics/driver.ts';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import { enrichSql, type EnrichRow } from './enrich-sql.ts';
import { periodRow, stateRow, type QuarantineSource, type StateSource } from './rows.ts';

const MARGIN_MS = 60_000;
const CHUNK = 2000;

const ndjson = (rows: readonly Record<string, unknown>[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'));

export class StateMirror {
  private version = 0;
  private watermark: number | null = null;

  constructor(private readonly metadata: SqlExecutor, private readonly analytics: AnalyticsDriver) {}

  /** Strictly increasing within the process; microseconds of the wall clock across processes. */
  private nextVersion(): number {
    this.version = Math.max(Date.now() * 1000, this.version + 1);
    return this.version;
  }

  /** Mirrors the given tests of a project (all of its state rows when omitted). Returns rows written. */
  async mirrorTests(tenant: string, project: string, testIds?: readonly string[], now = Date.now()): Promise<number> {
    if (testIds !== undefined && testIds.length === 0) return 0;
    if (testIds && testIds.length > CHUNK) {
      let n = 0;
      for (let i = 0; i < testIds.length; i += CHUNK) n += await this.mirrorTests(tenant, project, testIds.slice(i, i + CHUNK), now);
      return n;
    }
    const filter = testIds ? ' AND test_id = ANY($3)' : '';
    const params = testIds ? [tenant, project, [...testIds]] : [tenant, project];
    const states = await this.metadata.query<StateSource>(
      `SELECT test_id, name, detected, state, detected_since, last_evidence_at, evaluated_at FROM test_states
        WHERE tenant_id = $1 AND project = $2${filter}`, params);
    const quarantines = await this.metadata.query<QuarantineSource>(
      `SELECT id::text AS id, test_id, name, reason, owner, source, created_at, expires_at, released_at FROM quarantines
        WHERE tenant_id = $1 AND project = $2${filter} ORDER BY created_at`, params);
    if (states.length === 0 && quarantines.length === 0) return 0;
    const byTest = new Map<string, QuarantineSource[]>();
    for (const q of quarantines) byTest.set(q.test_id, [...(byTest.get(q.test_id) ?? []), q]);
    const enrich = new Map<string, EnrichRow>();
    for (let i = 0; i < states.length; i += CHUNK) {
      const q = enrichSql(tenant, project, states.slice(i, i + CHUNK).map((s) => s.test_id), now);
      for (const r of await this.analytics.query<EnrichRow>(q.sql, q.params)) enrich.set(r.test_id, r);
    }
    const version = this.nextVersion();
    const stateRows = states.map((s) => stateRow(tenant, project, s, byTest.get(s.test_id) ?? [], enrich.get(s.test_id), now, version));
    const periodRows = quarantines.map((q) => periodRow(tenant, project, q, version));
    await this.analytics.insertJsonEachRow('test_states_mirror', ndjson(stateRows));
    await this.analytics.insertJsonEachRow('quarantine_periods', ndjson(periodRows));
    return stateRows.length + periodRows.length;
  }

  /** Mirrors every test changed since the last sync (all of them on the first call). */
  async syncChanged(now = Date.now()): Promise<number> {
    const since = this.watermark === null ? new Date(0) : new Date(this.watermark - MARGIN_MS);
    const changed = await this.metadata.query<{ tenant_id: string; project: string; tests: string[] }>(
      `SELECT tenant_id, project, array_agg(test_id) AS tests FROM test_states WHERE evaluated_at >= $1 GROUP BY tenant_id, project`, [since]);
    let n = 0;
    for (const c of changed) n += await this.mirrorTests(c.tenant_id, c.project, c.tests, now);
    this.watermark = now;
    return n;
  }
}
