/**
 * Failure notices: when a run fails after its last allowed attempt, the
 * report's owner is told, by e-mail (SMTP, when the owner's address is known)
 * and by a signed `report.failed` event to each of the definition's
 * webhooks; and the failure is audited (`report.failed`, which admins can
 * alert on). A notice that cannot be sent is audited, never thrown: the run
 * has already failed, and its outcome must not change.
 */
import nodemailer from 'nodemailer';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { StoredReport } from '../definitions/types.ts';
import type { ReportRun } from '../scheduler/run-store.ts';
import type { SmtpSettings } from './email.ts';
import { postJson } from './http-post.ts';
import { deliveryBasis, idempotencyKey } from './ledger.ts';
import type { TargetGuard } from './target-guard.ts';
import { sign } from './webhook.ts';

export type FailureNotifier = (report: StoredReport, run: ReportRun) => Promise<void>;

export interface NoticeOptions {
  audit: AuditLog;
  smtp?: SmtpSettings;
  targetGuard: TargetGuard;
}

export function ownerAddress(report: StoredReport): string | undefined {
  if (report.ownerEmail) return report.ownerEmail;
  const r = report.definition.runAs;
  if (r.kind === 'user' && r.login === report.owner && r.email) return r.email;
  return /^[^\s@]+@[^\s@]+$/.test(report.owner) ? report.owner : undefined;
}

export function createFailureNotifier(opts: NoticeOptions): FailureNotifier {
  return async (report, run) => {
    const name = report.definition.name;
    const key = idempotencyKey(deliveryBasis(report, run), 'failure', report.owner);
    const owner = ownerAddress(report);
    const sent: string[] = [];
    const errors: string[] = [];
    const attempt = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
        sent.push(what);
      } catch (err) {
        errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    if (owner && opts.smtp) {
      const smtp = opts.smtp;
      await attempt('email', async () => {
        const transport = nodemailer.createTransport(smtp.url);
        try {
          await transport.sendMail({
            from: smtp.from,
            to: [owner],
            messageId: `<${key}@semantest.reports>`,
            subject: `Report failed: ${name}`.replace(/[\r\n]+/g, ' '),
            text: [
              `The report "${name}" failed after ${run.attempt} attempt(s) and will not be retried.`,
              `Run: ${run.id}${run.tickAt ? ` (tick ${run.tickAt})` : ''}`,
              `Error: ${run.error ?? 'unknown'}`,
            ].join('\n'),
          });
        } finally {
          transport.close();
        }
      });
    }
    for (const c of report.definition.channels) {
      if (c.kind !== 'webhook') continue;
      const body = JSON.stringify({
        event: 'report.failed',
        report: { id: report.id, name },
        run: { id: run.id, trigger: run.trigger, tickAt: run.tickAt, attempt: run.attempt },
        error: run.error,
      });
      await attempt('webhook', () =>
        postJson(opts.targetGuard, 'webhook', c.url, body, {
          'x-semantest-signature': sign(c.secret, body),
          'x-semantest-delivery': run.id,
          'idempotency-key': key,
        })
      );
    }
    opts.audit.record({
      tenantId: report.tenantId,
      actor: `report:${report.id}`,
      actorKind: 'service',
      action: 'report.failed',
      resource: `report:${report.id}`,
      outcome: 'error',
      risk: 'medium',
      details: {
        owner: report.owner,
        runId: run.id,
        tickAt: run.tickAt,
        attempts: run.attempt,
        error: run.error,
        notified: sent,
        ...(errors.length ? { noticeErrors: errors } : {}),
        ...(!owner ? { noOwnerAddress: true } : {}),
      },
    });
  };
}
