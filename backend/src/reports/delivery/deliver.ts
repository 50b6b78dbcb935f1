/**
 * Delivers a rendered run to every channel of its report. Each channel is
 * attempted and audited on its own; if any failed, the first failure is
 * thrown after the others ran, so the run is marked failed and the
 * scheduler retries the tick. Known gap: a retry re-sends to the channels
 * that had already succeeded (at-least-once delivery, not exactly-once).
 */
import type { AuditLog } from '../../audit/audit-log.ts';
import { buildSummary } from '../render/summary.ts';
import type { Deliver } from '../scheduler/report-runner.ts';
import { sendEmail, type SmtpSettings } from './email.ts';
import { DeliveryError } from './errors.ts';
import { sendSlack } from './slack.ts';
import { sendWebhook, webhookBody } from './webhook.ts';
import { refusePrivateTargets, type TargetGuard } from './target-guard.ts';

export interface DeliveryOptions {
  audit: AuditLog;
  smtp?: SmtpSettings;
  /** Refuses private/loopback webhook targets unless the operator allowed them. */
  targetGuard?: TargetGuard;
}

export function createDeliver(opts: DeliveryOptions): Deliver {
  const guard = opts.targetGuard ?? refusePrivateTargets;
  return async (report, run, doc, files, previous) => {
    const def = report.definition;
    const summary = buildSummary(doc, previous, def.dashboardUrl ? { dashboardUrl: def.dashboardUrl } : {});
    let firstError: unknown;
    for (const channel of def.channels) {
      if (channel.kind === 'stored') continue;
      let error: unknown;
      try {
        if (channel.kind === 'webhook')
          await sendWebhook(guard, channel.url, channel.secret, webhookBody(report, run, summary, files), run.id);
        else if (channel.kind === 'slack') await sendSlack(guard, channel.url, summary);
        else if (!opts.smtp) throw new DeliveryError('email', 'no SMTP server is configured (SEMANTEST_SMTP_URL)');
        else await sendEmail(opts.smtp, channel.recipients, summary, files);
      } catch (err) {
        error = err;
        firstError ??= err;
      }
      opts.audit.record({
        tenantId: report.tenantId,
        actor: `report:${report.id}`,
        actorKind: 'service',
        action: 'report.delivery',
        resource: `report:${report.id}`,
        outcome: error ? 'error' : 'success',
        risk: 'medium',
        details: {
          runId: run.id,
          channel: channel.kind,
          ...(channel.kind === 'email' ? { recipients: channel.recipients.length } : {}),
          ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
        },
      });
    }
    if (firstError) throw firstError;
  };
}
