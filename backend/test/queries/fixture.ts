/**
 * Two tenants with data ingested through the real ingest route. Every error
 * message carries its tenant's marker (ACME-SECRET / GLOBEX-SECRET) so leak
 * assertions can scan whole response bodies.
 */
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

export type Tenant = Awaited<ReturnType<TestApp['tenant']>>;

const res = (suite: string, name: string, status: string, durationMs: number, error?: string, labels?: Record<string, string>) => ({
  suite, name, status, durationMs, ...(error ? { error: { type: 'AssertionError', message: error } } : {}), ...(labels ? { labels } : {}),
});

export const ACME_RUNS = [
  { runId: 'a1', project: 'web', branch: 'main', environment: 'prod', startedAt: '2026-11-20T10:00:00Z', finishedAt: '2026-11-20T10:05:00Z', results: [
    res('login', 'login ok', 'passed', 120), res('login', 'login fails', 'failed', 300, 'ACME-SECRET-web-1 token=abc', { person: 'Alice Smith' }), res('login', 'skip me', 'skipped', 0)] },
  { runId: 'a2', project: 'api', branch: 'feature', environment: 'staging', startedAt: '2026-11-20T11:00:00Z', finishedAt: '2026-11-20T11:02:00Z', results: [
    res('users', 'get user', 'passed', 50), res('users', 'create user', 'failed', 80, 'ACME-SECRET-api-2')] },
  { runId: 'a3', project: 'web', branch: 'main', environment: 'prod', startedAt: '2026-11-21T10:00:00Z', finishedAt: '2026-11-21T10:03:00Z', results: [
    res('login', 'login fails', 'passed', 280), res('login', 'login ok', 'error', 130, 'ACME-SECRET-web-3')] },
];
export const GLOBEX_RUNS = [
  { runId: 'g1', project: 'gx', branch: 'main', environment: 'prod', startedAt: '2026-11-20T10:30:00Z', finishedAt: '2026-11-20T10:31:00Z', results: [
    res('core', 'gx test', 'failed', 999, 'GLOBEX-SECRET-1', { person: 'Alice Smith' }), res('core', 'gx ok', 'passed', 10)] },
];
export const RANGE = { from: '2026-11-19T00:00:00Z', to: '2026-11-23T00:00:00Z' };

export interface Fixture { t: TestApp; acme: Tenant; globex: Tenant }

export async function startFixture(env: Record<string, string> = {}): Promise<Fixture> {
  const t = await startTestApp({}, env);
  const acme = await t.tenant('acme', 2);
  const globex = await t.tenant('globex', 3);
  for (const [tenant, runs] of [[acme, ACME_RUNS], [globex, GLOBEX_RUNS]] as const) {
    for (const run of runs) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(tenant.keys.ingest), payload: run });
      if (r.statusCode !== 201) throw new Error(`ingest failed: ${r.statusCode} ${r.body}`);
    }
  }
  return { t, acme, globex };
}

/** Forwarded Grafana identity headers for a grafana key of the tenant mapped to `org`. */
export const grafanaUser = (key: string, org: number, login: string, role: 'Viewer' | 'Editor' | 'Admin', email = `${login}@example.com`) => ({
  ...bearer(key), 'x-grafana-org-id': String(org), 'x-grafana-user': login, 'x-grafana-email': email, 'x-grafana-role': role,
});

export async function query(t: TestApp, headers: Record<string, string>, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/query', headers, payload: body });
}

export const countBy = (field: string, dataset = 'results') => ({ version: 1, refId: 'A', dataset, metrics: [{ fn: 'count' }], groupBy: [field], shape: 'table' });

export { bearer };
