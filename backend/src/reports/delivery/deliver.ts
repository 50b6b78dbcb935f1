/**
 * Delivers a rendered run to every channel of its report, one send per
 * (channel, recipient): each e-mail recipient gets their own message, each
 * webhook/Slack URL one POST. Every send goes through the delivery ledger
 * (ledger.ts), so a retry of the same tick skips what was delivered and
 * re-sends the one in flight under the same idempotency key. Each send is
 * attempted and audited on its own; if any failed, the first failure is
 * thrown after the others ran, so the run fails and the scheduler retries.
 */
import type { AuditLog } from '../../audit/audit-log.ts';
import { buildSummary } from '../render/summary.ts';
import type { Deliver } from '../scheduler/report-runner.ts';
import { sendEmail, type SmtpSettings } from './email.ts';
import { DeliveryError } from './errors.ts';
import { deliverEach, type DeliveryHook } from './deliver-each.ts';
import { type DeliveryLedger, deliveryBasis } from './ledger.ts';
import { sendSlack } from './slack.ts';
import { sendWebhook, webhookBody } from './webhook.ts';
import { refusePrivateTargets, type TargetGuard } from './target-guard.ts';

export type { DeliveryHook } from './deliver-each.ts';

export interface DeliveryOptions {
  audit: AuditLog;
  ledger: DeliveryLedger;
  smtp?: SmtpSettings;
  /** Refuses private/loopback webhook targets unless the operator allowed them. */
  targetGuard?: TargetGuard;
  hook?: DeliveryHook;
}

export function createDeliver(opts: DeliveryOptions): Deliver {
  const guard = opts.targetGuard ?? refusePrivateTargets;
  return async (report, run, doc, files, previous) => {
    const def = report.definition;
    const summary = buildSummary(doc, previous, def.dashboardUrl ? { dashboardUrl: def.dashboardUrl } : {});
    const delivery = {
      owner: report,
      actor: `report:${report.id}`,
      action: 'report.delivery',
      basis: deliveryBasis(report, run),
      runId: run.id,
      details: { runId: run.id },
    };
    await deliverEach(opts, delivery, def.channels, async (channel, recipient, key) => {
      if (channel.kind === 'webhook')
        await sendWebhook(guard, channel.url, channel.secret, webhookBody(report, run, summary, files), run.id, key);
      else if (channel.kind === 'slack') await sendSlack(guard, channel.url, summary);
      else if (!opts.smtp) throw new DeliveryError('email', 'no SMTP server is configured (SEMANTEST_SMTP_URL)');
      else await sendEmail(opts.smtp, [recipient], summary, files, `<${key}@semantest.reports>`);
    });
  };
}
