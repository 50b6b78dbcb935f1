/**
 * What a scheduled export delivers and where. A schedule holds the channels;
 * each tick's job gets a JobDelivery fixed at the tick (schedule name, resolved
 * time window), so a later rename or delete of the schedule changes nothing.
 * The message carries a signed, expiring download link, never the file.
 */
import type { SendingChannel } from '../../reports/delivery/deliver-each.ts';

/** E-mail over SMTP, webhook signed with HMAC-SHA256, Slack incoming webhook (the reports' channels). */
export type ExportChannel = SendingChannel;

export interface JobDelivery {
  scheduleName: string;
  channels: ExportChannel[];
  /** The tick's moving window, or null when the query keeps its own time range. */
  window: { from: string; to: string; timezone: string } | null;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Webhook secrets are write-only: shown as this in every API answer. */
export const HIDDEN_SECRET = '********';

export function publicChannels(channels: readonly ExportChannel[]): ExportChannel[] {
  return channels.map((c) => (c.kind === 'webhook' ? { ...c, secret: HIDDEN_SECRET } : c));
}
