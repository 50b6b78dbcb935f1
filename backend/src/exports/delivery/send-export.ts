/**
 * Sends one export job's message to every channel of its JobDelivery through
 * the reports' exactly-once core (deliver-each.ts + the 'export' ledger) and
 * the reports' senders (SMTP, signed webhook, Slack; webhook and Slack URLs
 * pass the SSRF guard at send time too). The download link is signed now,
 * valid for linkTtlMs but never past the export's own expiry.
 */
import type { AuditLog } from '../../audit/audit-log.ts';
import { deliverEach, type DeliveryHook } from '../../reports/delivery/deliver-each.ts';
import { sendEmail, type SmtpSettings } from '../../reports/delivery/email.ts';
import { DeliveryError } from '../../reports/delivery/errors.ts';
import type { DeliveryLedger } from '../../reports/delivery/ledger.ts';
import { sendSlack } from '../../reports/delivery/slack.ts';
import type { TargetGuard } from '../../reports/delivery/target-guard.ts';
import { sendWebhook } from '../../reports/delivery/webhook.ts';
import type { DownloadLinks } from '../download-link.ts';
import type { ExportJob } from '../types.ts';
import { exportSummary, exportWebhookBody, type DownloadLink } from './message.ts';

export interface SendExportOptions {
  audit: AuditLog;
  /** A DeliveryLedger of kind 'export'. */
  ledger: DeliveryLedger;
  smtp?: SmtpSettings | undefined;
  guard: TargetGuard;
  links: DownloadLinks;
  /** SEMANTEST_PUBLIC_URL without a trailing slash (schedules with delivery require it). */
  publicUrl: string | undefined;
  linkTtlMs: number;
  hook?: DeliveryHook | undefined;
}

export function downloadLink(o: Pick<SendExportOptions, 'links' | 'publicUrl' | 'linkTtlMs'>, job: ExportJob, now: Date): DownloadLink {
  if (!o.publicUrl) throw new DeliveryError('link', 'no public URL is configured (SEMANTEST_PUBLIC_URL)');
  const expiresAt = new Date(Math.min(now.getTime() + o.linkTtlMs, Date.parse(job.expiresAt)));
  const token = o.links.sign({ tenantId: job.tenantId, jobId: job.id, expiresAt });
  return { url: `${o.publicUrl}/api/v1/downloads/${token}`, expiresAt: expiresAt.toISOString() };
}

/** Throws the first failed channel's error after trying them all (the caller retries later). */
export async function sendExport(o: SendExportOptions, job: ExportJob, now = new Date()): Promise<void> {
  const d = job.delivery;
  if (!d || d.channels.length === 0) return;
  const link = downloadLink(o, job, now);
  const summary = exportSummary(job, d, link);
  const owner = { tenantId: job.tenantId, id: job.scheduleId ?? job.id };
  const run = {
    owner,
    actor: `export-schedule:${owner.id}`,
    action: 'export.delivery',
    // Same for every attempt of this tick (a retried or taken-over job keeps its id and tick).
    basis: job.tickAt ? `export-schedule:${owner.id}@${job.tickAt}` : `export:${job.id}`,
    runId: job.id,
    details: { jobId: job.id, tickAt: job.tickAt },
  };
  await deliverEach({ audit: o.audit, ledger: o.ledger, hook: o.hook }, run, d.channels, async (channel, recipient, key) => {
    if (channel.kind === 'webhook')
      await sendWebhook(o.guard, channel.url, channel.secret, exportWebhookBody(job, d, link), job.id, key);
    else if (channel.kind === 'slack') await sendSlack(o.guard, channel.url, summary);
    else if (!o.smtp) throw new DeliveryError('email', 'no SMTP server is configured (SEMANTEST_SMTP_URL)');
    else await sendEmail(o.smtp, [recipient], summary, [], `<${key}@semantest.exports>`);
  });
}
