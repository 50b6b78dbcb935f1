/** An export schedule: an export request that runs on a cron in a time zone. */
import type { Principal as CompilePrincipal } from '../../query/index.ts';
import type { ExportCompression, ExportFormat } from '../formats.ts';
import type { PivotSpec } from '../pivot.ts';
import { publicChannels, type ExportChannel } from '../delivery/types.ts';

/** What one export asks for; a one-off job and a schedule's ticks share it. */
export interface ExportRequest {
  query: Record<string, unknown>;
  format: ExportFormat;
  compression?: ExportCompression;
  limit?: number;
  pivot?: PivotSpec;
}

/** A relative range as reports have it (reports/definitions/relative-range.ts). */
export interface ExportWindow {
  last: string;
  timezone: string;
}

export interface ExportSchedule {
  id: string;
  tenantId: string;
  name: string;
  createdBy: string;
  /** The creator's compile principal; policies and masking are loaded fresh for each tick. */
  principal: CompilePrincipal;
  request: ExportRequest;
  cron: string;
  timezone: string;
  /**
   * A moving window: each tick exports the `last` (e.g. 24h, 7d) ending at the tick, in
   * `timezone` (the query's time zone when it names none). null = the query's own timeRange.
   */
  timeRange: ExportWindow | null;
  /** Where each tick's download link is sent (e-mail, webhook, Slack), or null: stored only. */
  delivery: ExportChannel[] | null;
  paused: boolean;
  /** Every tick at or before this instant is claimed (or skipped by a pause). */
  lastTickAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function publicSchedule(s: ExportSchedule) {
  const { principal: _principal, tenantId: _tenant, delivery, ...rest } = s;
  return { ...rest, delivery: delivery ? publicChannels(delivery) : null };
}
