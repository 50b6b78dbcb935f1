/** An export job as the API shows it. */
import type { Principal as CompilePrincipal } from '../query/index.ts';
import type { ExportCompression, ExportFormat } from './formats.ts';
import type { PivotSpec } from './pivot.ts';
import type { DeliveryStatus, JobDelivery } from './delivery/types.ts';

export const EXPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ExportJob {
  id: string;
  tenantId: string;
  createdBy: string;
  /** The compile principal the job runs as (row policies and masking are its). */
  principal: CompilePrincipal;
  query: Record<string, unknown>;
  format: ExportFormat;
  compression: ExportCompression;
  /** One dimension turned into columns (pivot.ts), or null. */
  pivot: PivotSpec | null;
  rowLimit: number;
  /** The schedule and cron tick that created the job, or null for a one-off export. */
  scheduleId: string | null;
  tickAt: string | null;
  status: ExportStatus;
  storageKey: string;
  rowsWritten: number;
  rowsEstimated: number | null;
  bytes: number | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string;
  /** A scheduled job's delivery (fixed at its tick), or null; holds webhook secrets: never shown. */
  delivery: JobDelivery | null;
  deliveryStatus: DeliveryStatus | null;
  deliveryAttempts: number;
  deliveryError: string | null;
  /**
   * The fencing token: incremented at every hand-over of the job to a process (create,
   * retry, take-over). The holder's updates all require it (job-store.ts); never shown.
   */
  leaseToken: number;
}

/** Pushed on ExportService's emitter as 'progress' for every state change and progress tick. */
export interface ExportProgressEvent {
  tenantId: string;
  jobId: string;
  status: ExportStatus;
  rowsWritten: number;
  rowsEstimated: number | null;
}

export function publicView(job: ExportJob) {
  const { principal: _principal, storageKey: _key, tenantId: _tenant, delivery: _d, leaseToken: _t, ...rest } = job;
  return rest;
}
