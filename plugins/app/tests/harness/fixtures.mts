/**
 * What the harness's fake datasource answers without a backend: the jest fixtures (real API
 * shapes) plus a running export whose progress advances on every read, so the screenshots show
 * the polling progress bar mid-way.
 */
import {
  catalog,
  exportJob,
  exportSchedule,
  failedJob,
  report,
  run,
  succeededJob,
} from '../../src/__fixtures__/api.ts';

type Answer = { status: number; body: unknown };

export function fixtureBackend() {
  let reads = 0;
  const jobs = () => {
    const written = Math.min(1_000_000, 180_000 + reads * 170_000);
    return [
      exportJob({ rowsWritten: written, rowsEstimated: 1_000_000 }),
      exportJob({
        id: 'exp_4',
        status: 'queued',
        format: 'ndjson',
        compression: 'zstd',
        rowsWritten: 0,
        rowsEstimated: null,
        startedAt: null,
        createdAt: '2026-11-25T09:05:00.000Z',
      }),
      succeededJob,
      exportJob({
        id: 'exp_6',
        status: 'succeeded',
        format: 'xml',
        scheduleId: 'sch_1',
        tickAt: '2026-11-23T05:00:00.000Z',
        pivot: { field: 'status' },
        rowsWritten: 212,
        rowsEstimated: 212,
        bytes: 18_944,
        createdAt: '2026-11-23T05:00:00.000Z',
        expiresAt: '2026-11-30T05:00:00.000Z',
      }),
      failedJob,
      exportJob({
        id: 'exp_5',
        status: 'cancelled',
        format: 'avro',
        compression: 'none',
        rowsWritten: 12_000,
        rowsEstimated: 90_000,
        query: {
          version: 1,
          dataset: 'perf',
          metrics: [{ fn: 'avg', field: 'value' }],
          groupBy: ['environment', 'browser'],
          shape: 'table',
        },
        createdAt: '2026-11-22T14:00:00.000Z',
      }),
    ];
  };
  const reports = [
    report(),
    report({
      id: 'rep_adhoc',
      name: 'Flaky tests (on demand)',
      description: undefined,
      schedule: undefined,
      formats: ['csv'],
    }),
    report({
      id: 'rep_nightly',
      name: 'Nightly performance',
      description: 'p95 page load by browser',
      paused: true,
      schedule: { cron: '0 2 * * *', timezone: 'UTC' },
    }),
    report({
      id: 'rep_monthly',
      name: 'Monthly quality review',
      description: 'For the steering meeting',
      schedule: { cron: '0 9 1 * *', timezone: 'America/New_York' },
      condition: { kind: 'always' },
    }),
  ];
  const history: Record<string, unknown[]> = {
    rep_weekly: [
      run({
        id: 'r4',
        trigger: 'manual',
        tickAt: null,
        startedAt: '2026-11-24T15:12:00.000Z',
        cachedFrom: 'r3',
        durationMs: 40,
      }),
      run({ id: 'r3' }),
      run({
        id: 'r2',
        status: 'skipped',
        reason: 'condition any_failure not met: no failed tests in the last 7d',
        rows: 0,
        bytes: null,
        files: null,
        startedAt: '2026-11-16T07:00:00.000Z',
      }),
      run({
        id: 'r1',
        status: 'failed',
        attempt: 3,
        error: 'webhook https://hooks.example.com/semantest answered 502',
        startedAt: '2026-11-09T07:00:00.000Z',
      }),
    ],
    rep_adhoc: [],
    rep_nightly: [run({ id: 'n1', reportId: 'rep_nightly', status: 'failed', error: 'SMTP connection refused' })],
    rep_monthly: [run({ id: 'm1', reportId: 'rep_monthly', startedAt: '2026-11-01T14:00:00.000Z' })],
  };

  return (method: string, path: string, params: URLSearchParams): Answer => {
    if (method === 'GET' && path === 'health')
      return { status: 200, body: { status: 'OK', message: 'Connected to tenant acme' } };
    if (method === 'GET' && path === 'resources/catalog') return { status: 200, body: catalog };
    if (method === 'GET' && path === 'resources/exports') {
      reads++;
      return { status: 200, body: { exports: jobs() } };
    }
    if (method === 'GET' && path === 'resources/export-schedules') {
      return {
        status: 200,
        body: {
          schedules: [
            exportSchedule(),
            exportSchedule({
              id: 'sch_2',
              name: 'Nightly perf samples',
              cron: '30 1 * * *',
              timezone: 'UTC',
              paused: true,
              request: {
                query: {
                  version: 1,
                  dataset: 'perf',
                  metrics: [{ fn: 'p95', field: 'value' }],
                  groupBy: ['browser'],
                  shape: 'table',
                },
                format: 'parquet',
              },
            }),
          ],
        },
      };
    }
    if (method === 'GET' && path === 'resources/reports') return { status: 200, body: { reports } };
    const runs = /^resources\/reports\/([^/]+)\/runs$/.exec(path);
    if (method === 'GET' && runs) {
      const all = history[runs[1]!] ?? [];
      return { status: 200, body: { runs: all.slice(0, Number(params.get('limit') ?? 100)) } };
    }
    return {
      status: 404,
      body: { status: 404, code: 'RESOURCE_NOT_FOUND', detail: `harness fixture has no ${method} ${path}` },
    };
  };
}
