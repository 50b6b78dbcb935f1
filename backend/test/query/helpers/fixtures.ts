import type { CompileContext, MaskingRule, Principal, RowPolicy } from '../../../src/query/index.ts';
import type { TestEngine } from './chdb.ts';

export const NOW = new Date('2026-03-10T12:00:00Z');
export const T0 = Date.parse('2026-03-10T00:00:00Z');
export const HOUR = 3_600_000;

export function ctxFor(tenantId: string, principal: Principal, extra: Partial<CompileContext> = {}): CompileContext {
  return {
    tenantId,
    principal,
    policies: [] as RowPolicy[],
    maskingRules: [] as MaskingRule[],
    tenantSettings: { denyByDefault: false, maskingKey: `key-of-${tenantId}` },
    now: NOW,
    ...extra,
  };
}

export const viewer = (login = 'vera'): Principal => ({ kind: 'user', login, email: `${login}@example.com`, role: 'Viewer' });
export const admin: Principal = { kind: 'user', login: 'ada', email: 'ada@example.com', role: 'Admin' };

export interface ResultRow {
  tenant_id: string; project: string; suite: string; test_id: string; name: string; status: string;
  duration_ms: number; started_at: string; environment: string; branch: string; error_message: string;
  labels: Record<string, string>; retention_days: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** Deterministic rows for two tenants; `secret` strings only ever appear in raw columns. */
export function sampleRows(): ResultRow[] {
  const rows: ResultRow[] = [];
  const statuses = ['passed', 'passed', 'failed', 'error', 'skipped', 'passed'];
  let i = 0;
  for (const tenant of ['tenant-a', 'tenant-b']) {
    for (const project of ['web', 'api']) {
      for (let t = 0; t < 6; t++) {
        for (let k = 0; k < 5; k++) {
          const status = statuses[(i++) % statuses.length] ?? 'passed';
          rows.push({
            tenant_id: tenant, project, suite: `suite-${t % 2}`, test_id: `${project}-t${t}`, name: `secret test ${project} ${t}`,
            status, duration_ms: 10 + ((i * 37) % 200), started_at: iso(T0 + k * HOUR + t * 60_000 + (i % 7) * 1000),
            environment: k % 2 === 0 ? 'prod' : 'staging', branch: k % 3 === 0 ? 'main' : 'dev',
            error_message: status === 'failed' ? `secret failure in ${tenant}` : '',
            labels: { team: t % 2 === 0 ? 'red' : 'blue', email: `person${t}@corp.example` }, retention_days: 3650,
          });
        }
      }
    }
  }
  return rows;
}

export async function insertRows(engine: TestEngine, rows: ResultRow[]): Promise<void> {
  await engine.query(`INSERT INTO test_results (tenant_id, project, suite, test_id, name, status, duration_ms, started_at, environment, branch, error_message, labels, retention_days) SETTINGS async_insert = 0 FORMAT JSONEachRow ${rows.map((r) => JSON.stringify(r)).join('\n')}`);
}
