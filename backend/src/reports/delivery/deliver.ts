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
import type { Channel } from '../definitions/types.ts';
import type { Deliver } from '../scheduler/report-runner.ts';
import { sendEmail, type SmtpSettings } from './email.ts';
import { DeliveryError } from './errors.ts';
import { DeliveryLedger, deliveryBasis, idempotencyKey } from './ledger.ts';
import { sendSlack } from './slack.ts';
import { sendWebhook, webhookBody } from './webhook.ts';
import { refusePrivateTargets, type TargetGuard } from './target-guard.ts';

/** Test seam: lets a test stop the process's work at a point between send and record (a simulated crash). */
export type DeliveryHook = (stage: 'sent' | 'recorded', channel: string, recipient: string) => Promise<void>;

export interface DeliveryOptions {
  audit: AuditLog;
  ledger: DeliveryLedger;
  smtp?: SmtpSettings;
  /** Refuses private/loopback webhook targets unless the operator allowed them. */
  targetGuard?: TargetGuard;
  hook?: DeliveryHook;
}

/** The (channel, recipient) pairs a channel list expands to. */
export function sends(channels: Channel[]): { channel: Channel; recipient: string }[] {
  return channels.flatMap((channel): { channel: Channel; recipient: string }[] =>
    channel.kind === 'email'
      ? channel.recipients.map((recipient) => ({ channel, recipient }))
      : channel.kind === 'stored'
        ? []
        : [{ channel, recipient: channel.url }]
  );
}

export function createDeliver(opts: DeliveryOptions): Deliver {
  const guard = opts.targetGuard ?? refusePrivateTargets;
  return async (report, run, doc, files, previous) => {
    const def = report.definition;
    const summary = buildSummary(doc, previous, def.dashboardUrl ? { dashboardUrl: def.dashboardUrl } : {});
    const basis = deliveryBasis(report, run);
    let firstError: unknown;
    for (const { channel, recipient } of sends(def.channels)) {
      const key = idempotencyKey(basis, channel.kind, recipient);
      let error: unknown;
      let skipped = false;
      try {
        if (!(await opts.ledger.begin(key, report, run.id, channel.kind, recipient))) skipped = true;
        else {
          if (channel.kind === 'webhook')
            await sendWebhook(guard, channel.url, channel.secret, webhookBody(report, run, summary, files), run.id, key);
          else if (channel.kind === 'slack') await sendSlack(guard, channel.url, summary);
          else if (!opts.smtp) throw new DeliveryError('email', 'no SMTP server is configured (SEMANTEST_SMTP_URL)');
          else await sendEmail(opts.smtp, [recipient], summary, files, `<${key}@semantest.reports>`);
          await opts.hook?.('sent', channel.kind, recipient);
          await opts.ledger.delivered(key);
          await opts.hook?.('recorded', channel.kind, recipient);
        }
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
          idempotencyKey: key,
          ...(channel.kind === 'email' ? { recipient } : {}),
          ...(skipped ? { skipped: 'already delivered by an earlier attempt' } : {}),
          ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
        },
      });
    }
    if (firstError) throw firstError;
  };
}
