/** Shared pieces for report API tests: a valid definition and request helpers. */
import type { TestApp } from '../helpers/test-app.ts';

export { startFixture, grafanaUser, bearer } from '../queries/fixture.ts';

/** 52 weeks: the fixture's runs (Nov 2026) stay inside the range for a year of wall-clock time. */
export const definition = (extra: Record<string, unknown> = {}) => ({
  name: 'Weekly health',
  description: 'Tests by status',
  queries: [
    {
      title: 'By status',
      visualization: 'bar',
      query: { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['status'], shape: 'table' },
    },
    {
      title: 'By project',
      visualization: 'table',
      query: { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['project'], shape: 'table' },
    },
  ],
  timeRange: { last: '52w', timezone: 'Europe/Berlin' },
  formats: ['csv', 'json'],
  channels: [{ kind: 'stored' }],
  ...extra,
});

export async function api(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: unknown
) {
  return t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/**
 * "Run now" as a client sees it: POST answers 202 with the queued run; the
 * app's scheduler runs it in the background; the finished run is then read
 * from GET …/runs/:runId (this returns that response).
 */
export async function runNow(t: TestApp, id: string, headers: Record<string, string>) {
  const r = await api(t, 'POST', `/api/v1/reports/${id}/run`, headers);
  if (r.statusCode !== 202) throw new Error(`run now answered ${r.statusCode}: ${r.body}`);
  await t.services.reports.scheduler.idle();
  return api(t, 'GET', `/api/v1/reports/${id}/runs/${r.json().id}`, headers);
}
