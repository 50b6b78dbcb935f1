/**
 * API answers as the backend sends them, typed with the app's API types (which
 * tests/contract/api-types.contract.ts proves equal to the backend's own). Values follow the
 * backend's rules: publicView fields, ISO timestamps, null where the backend writes null.
 */
import type { Catalog, ExportJob, ExportSchedule, Report, ReportRun } from '../api/types';

const query = {
  version: 1,
  dataset: 'results',
  metrics: [{ fn: 'count' }, { fn: 'p95', field: 'duration_ms' }],
  groupBy: ['suite', 'status'],
  shape: 'table',
};

export function exportJob(patch: Partial<ExportJob> = {}): ExportJob {
  return {
    id: 'exp_1',
    createdBy: 'grafana:alice',
    query,
    format: 'csv',
    compression: 'gzip',
    pivot: null,
    rowLimit: 10_000_000,
    scheduleId: null,
    tickAt: null,
    status: 'running',
    rowsWritten: 250_000,
    rowsEstimated: 1_000_000,
    bytes: null,
    error: null,
    attempts: 1,
    createdAt: '2026-11-25T09:00:00.000Z',
    startedAt: '2026-11-25T09:00:01.000Z',
    finishedAt: null,
    expiresAt: '2026-12-02T09:00:00.000Z',
    ...patch,
  };
}

export const succeededJob = exportJob({
  id: 'exp_2',
  format: 'parquet',
  compression: 'none',
  status: 'succeeded',
  rowsWritten: 48_213,
  rowsEstimated: 48_213,
  bytes: 1_843_200,
  createdAt: '2026-11-24T16:30:00.000Z',
  finishedAt: '2026-11-24T16:30:09.000Z',
  expiresAt: '2026-12-01T16:30:00.000Z',
});

export const failedJob = exportJob({
  id: 'exp_3',
  format: 'xml',
  compression: 'none',
  status: 'failed',
  rowsWritten: 0,
  rowsEstimated: null,
  error: 'Query exceeded the memory limit of the export runner.',
  attempts: 2,
  createdAt: '2026-11-23T08:00:00.000Z',
  finishedAt: '2026-11-23T08:00:02.000Z',
  expiresAt: '2026-11-30T08:00:00.000Z',
});

export const catalog: Catalog = {
  datasets: [
    {
      id: 'results',
      title: 'Test results',
      description: 'One row per executed test attempt',
      metrics: [
        { fn: 'count', unit: 'short', description: 'Number of rows' },
        { fn: 'pass_rate', unit: 'percentunit', description: 'Passed / executed' },
        { fn: 'p95', fields: ['duration_ms'], unit: 'ms', description: '95th percentile' },
      ],
      dimensions: [
        { id: 'project', description: 'Project' },
        { id: 'suite', description: 'Test suite' },
        { id: 'status', description: 'Outcome' },
      ],
      labels: true,
      minRole: 'Viewer',
      queryable: true,
    },
    {
      id: 'audit',
      title: 'Audit log',
      description: 'Who did what',
      metrics: [{ fn: 'count', unit: 'short', description: 'Number of rows' }],
      dimensions: [{ id: 'actor', description: 'Actor' }],
      labels: false,
      minRole: 'Admin',
      queryable: false,
    },
  ],
};

export function report(patch: Partial<Report> = {}): Report {
  return {
    id: 'rep_weekly',
    owner: 'grafana:alice',
    paused: false,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    name: 'Weekly test health',
    description: 'Pass rate and failures by suite',
    queries: [
      {
        title: 'Pass rate by suite',
        visualization: 'bar',
        query: { version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }], groupBy: ['suite'], shape: 'table' },
      },
    ],
    timeRange: { last: '7d', timezone: 'Europe/Berlin' },
    formats: ['pdf', 'xlsx'],
    schedule: { cron: '0 8 * * 1', timezone: 'Europe/Berlin' },
    channels: [
      { kind: 'email', recipients: ['qa-leads@example.com'] },
      { kind: 'webhook', url: 'https://hooks.example.com/semantest', secret: '********' },
    ],
    condition: { kind: 'any_failure' },
    runAs: { kind: 'service' },
    perRecipient: false,
    ...patch,
  };
}

export function run(patch: Partial<ReportRun> = {}): ReportRun {
  return {
    id: 'run_1',
    reportId: 'rep_weekly',
    trigger: 'schedule',
    tickAt: '2026-11-23T07:00:00.000Z',
    attempt: 1,
    status: 'succeeded',
    reason: null,
    rows: 1_204,
    rowCounts: [1_204],
    bytes: 183_422,
    files: [
      { format: 'pdf', path: 'reports/t/run_1.pdf', bytes: 150_000 },
      { format: 'xlsx', path: 'reports/t/run_1.xlsx', bytes: 33_422 },
    ],
    error: null,
    durationMs: 2_340,
    cachedFrom: null,
    filesExpiredAt: null,
    createdAt: '2026-11-23T07:00:00.000Z',
    startedAt: '2026-11-23T07:00:00.100Z',
    finishedAt: '2026-11-23T07:00:02.440Z',
    ...patch,
  };
}

/** A problem+json body as the backend's error handler writes it (errors/app-error.ts toProblem). */
export function problem(status: number, code: string, detail: string) {
  return {
    type: `https://semantest.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: 'Error',
    status,
    detail,
    code,
  };
}

export function exportSchedule(patch: Partial<ExportSchedule> = {}): ExportSchedule {
  return {
    id: 'sch_1',
    name: 'Weekly failures by suite',
    createdBy: 'grafana:alice',
    request: {
      query: { ...query, groupBy: ['suite', 'status'] },
      format: 'xml',
      compression: 'gzip',
      pivot: { field: 'status' },
    },
    cron: '0 6 * * 1',
    timezone: 'Europe/Berlin',
    paused: false,
    lastTickAt: '2026-11-23T05:00:00.000Z',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...patch,
  };
}
