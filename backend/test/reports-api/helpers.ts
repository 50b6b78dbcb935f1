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
