/**
 * The one place that knows where the app's API lives: the Semantest datasource's resource
 * endpoint (`api/datasources/uid/<uid>/resources/<path>`), which forwards an allowlisted path to
 * the backend's `/api/v1/<path>` with the tenant key and the signed-in user's identity
 * (plugins/datasource/pkg/plugin/handler_resources.go). Responses are the backend's, unchanged.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv, type BackendSrvRequest } from '@grafana/runtime';

import { toApiError } from './problem';
import type {
  Catalog,
  CreateExportBody,
  CreateScheduleBody,
  DownloadLink,
  ExportJob,
  ExportSchedule,
  Report,
  ReportRun,
} from './types';

export class SemantestApi {
  readonly base: string;

  constructor(readonly datasourceUid: string) {
    this.base = `api/datasources/uid/${encodeURIComponent(datasourceUid)}`;
  }

  private async call<T>(
    method: string,
    path: string,
    data?: unknown,
    params?: BackendSrvRequest['params']
  ): Promise<T> {
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: `${this.base}/resources/${path}`,
          method,
          ...(data !== undefined ? { data } : {}),
          ...(params ? { params } : {}),
          // Errors are shown in the page with their code; Grafana's global toast would repeat them.
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return res.data;
    } catch (err) {
      throw toApiError(err);
    }
  }

  /** The datasource's own health check (it calls the backend's whoami with the tenant key). */
  async health(): Promise<{ status: string; message: string }> {
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<{ status: string; message: string }>({
          url: `${this.base}/health`,
          method: 'GET',
          showErrorAlert: false,
        })
      );
      return res.data;
    } catch (err) {
      throw toApiError(err);
    }
  }

  catalog = () => this.call<Catalog>('GET', 'catalog');

  listExports = () => this.call<{ exports: ExportJob[] }>('GET', 'exports').then((r) => r.exports);
  getExport = (id: string) => this.call<ExportJob>('GET', `exports/${enc(id)}`);
  createExport = (body: CreateExportBody) => this.call<ExportJob>('POST', 'exports', body);
  cancelExport = (id: string) => this.call<ExportJob>('POST', `exports/${enc(id)}/cancel`);
  retryExport = (id: string) => this.call<ExportJob>('POST', `exports/${enc(id)}/retry`);
  deleteExport = (id: string) => this.call<void>('DELETE', `exports/${enc(id)}`);
  downloadUrl = (id: string) => this.call<DownloadLink>('GET', `exports/${enc(id)}/download-url`);

  listSchedules = () => this.call<{ schedules: ExportSchedule[] }>('GET', 'export-schedules').then((r) => r.schedules);
  createSchedule = (body: CreateScheduleBody) => this.call<ExportSchedule>('POST', 'export-schedules', body);
  pauseSchedule = (id: string) => this.call<ExportSchedule>('POST', `export-schedules/${enc(id)}/pause`);
  resumeSchedule = (id: string) => this.call<ExportSchedule>('POST', `export-schedules/${enc(id)}/resume`);
  deleteSchedule = (id: string) => this.call<void>('DELETE', `export-schedules/${enc(id)}`);

  listReports = () => this.call<{ reports: Report[] }>('GET', 'reports').then((r) => r.reports);
  runReport = (id: string) => this.call<ReportRun>('POST', `reports/${enc(id)}/run`);
  pauseReport = (id: string) => this.call<Report>('POST', `reports/${enc(id)}/pause`);
  resumeReport = (id: string) => this.call<Report>('POST', `reports/${enc(id)}/resume`);
  reportRun = (id: string, runId: string) => this.call<ReportRun>('GET', `reports/${enc(id)}/runs/${enc(runId)}`);
  reportRuns = (id: string, limit = 20) =>
    this.call<{ runs: ReportRun[] }>('GET', `reports/${enc(id)}/runs`, undefined, { limit }).then((r) => r.runs);
}

const enc = encodeURIComponent;
