/**
 * The backend's API shapes as this app receives them, written out so the browser bundle has no
 * dependency on backend code. tests/contract/api-types.contract.ts proves each one equal to the
 * type the backend itself derives (publicView, StoredReport, ReportRun, CatalogDataset …):
 * `npm run typecheck -w plugins/app` fails when either side changes a field.
 */
import type { ExportCompression, ExportFormat } from '../../../../backend/src/exports/formats.ts';

export type { ExportCompression, ExportFormat };

export type ExportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** GET /api/v1/exports/:id (exports/types.ts publicView: no principal, storage key or tenant). */
export interface ExportJob {
  id: string;
  createdBy: string;
  query: Record<string, unknown>;
  format: ExportFormat;
  compression: ExportCompression;
  /** One group-by dimension turned into columns (exports/pivot.ts), or null. */
  pivot: PivotSpec | null;
  rowLimit: number;
  /** The export schedule and cron tick that created the job; null for a one-off export. */
  scheduleId: string | null;
  tickAt: string | null;
  status: ExportStatus;
  rowsWritten: number;
  rowsEstimated: number | null;
  bytes: number | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string;
}

export interface PivotSpec {
  /** A group-by field of the query whose values become columns. */
  field: string;
  maxColumns?: number;
}

/** POST /api/v1/exports body (routes/api/exports/request.ts `RequestFields`). */
export interface CreateExportBody {
  query: Record<string, unknown>;
  format: ExportFormat;
  compression?: ExportCompression;
  limit?: number;
  pivot?: PivotSpec;
}

/** POST /api/v1/export-schedules body: an export request plus its cron (timezone defaults to UTC). */
export interface CreateScheduleBody extends CreateExportBody {
  name: string;
  cron: string;
  timezone?: string;
}

/** GET /api/v1/export-schedules item (exports/schedule/types.ts publicSchedule). */
export interface ExportSchedule {
  id: string;
  name: string;
  createdBy: string;
  request: Omit<CreateExportBody, 'pivot'> & { pivot?: PivotSpec };
  cron: string;
  timezone: string;
  paused: boolean;
  lastTickAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/v1/exports/:id/download-url */
export interface DownloadLink {
  url: string;
  expiresAt: string;
}

export type FilterOp =
  '=' | '!=' | 'in' | 'not_in' | 'like' | 'contains' | 'regex' | '<' | '<=' | '>' | '>=' | 'is_null' | 'not_null';
type Scalar = string | number | boolean;
export interface Filter {
  field: string;
  op: FilterOp;
  value?: Scalar | Scalar[];
}

export type Visualization =
  'table' | 'stat' | 'line' | 'area' | 'bar' | 'stacked_bar' | 'pie' | 'gauge' | 'heatmap' | 'treemap' | 'sankey';
export type ReportFormat = 'pdf' | 'xlsx' | 'csv' | 'json' | 'ndjson';
export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

/** GET /api/v1/reports item (routes/api/reports/access.ts publicReport: webhook secrets masked). */
export interface Report {
  id: string;
  owner: string;
  paused: boolean;
  createdAt: string;
  updatedAt: string;
  name: string;
  description?: string;
  queries: Array<{
    title: string;
    visualization: Visualization;
    thresholds?: Array<{ value: number; color: string }>;
    query: Record<string, unknown>;
  }>;
  timeRange: { last: string; timezone: string };
  formats: ReportFormat[];
  schedule?: { cron: string; timezone: string };
  channels: Array<
    | { kind: 'email'; recipients: string[] }
    | { kind: 'webhook'; url: string; secret: string }
    | { kind: 'slack'; url: string }
    | { kind: 'stored' }
  >;
  condition:
    | { kind: 'always' }
    | { kind: 'any_failure' }
    | { kind: 'pass_rate_below'; threshold: number }
    | { kind: 'non_empty' }
    | { kind: 'new_failures' };
  runAs: { kind: 'service' } | { kind: 'user'; login: string; email?: string; role: OrgRole };
  perRecipient: boolean;
  dashboardUrl?: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** POST /api/v1/reports/:id/run answer and GET …/runs items (reports/scheduler/run-store.ts). */
export interface ReportRun {
  id: string;
  reportId: string;
  trigger: 'manual' | 'schedule';
  tickAt: string | null;
  attempt: number;
  status: RunStatus;
  reason: string | null;
  rows: number | null;
  rowCounts: number[] | null;
  bytes: number | null;
  files: Array<{ format: string; path: string; bytes: number }> | null;
  error: string | null;
  durationMs: number | null;
  /** The earlier run whose rendered files this run reused (render cache), or null. */
  cachedFrom: string | null;
  /** When the retention sweep deleted this run's files. */
  filesExpiredAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET /api/v1/catalog (`queryable`: whether the caller's role may query the dataset). */
export interface CatalogDataset {
  id: string;
  title: string;
  description: string;
  metrics: ReadonlyArray<{ fn: string; fields?: readonly string[]; unit: string; description: string }>;
  dimensions: ReadonlyArray<{ id: string; description: string }>;
  labels: boolean;
  /** What the time range filters on, when it is not the rows' event time. */
  timeField?: string;
  minRole: OrgRole;
  queryable: boolean;
}
export interface Catalog {
  datasets: CatalogDataset[];
}

/** RFC 9457 problem details as the backend (and the datasource's CallResource) send them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
}
