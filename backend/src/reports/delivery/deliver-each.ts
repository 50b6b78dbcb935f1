/**
 * The exactly-once core of every delivery (reports and scheduled exports):
 * for each (channel, recipient) pair, the ledger records 'sending', the send
 * runs, the ledger records 'delivered' (ledger.ts). A pair already delivered
 * by an earlier attempt of the same tick is skipped. Each send is attempted
 * and audited on its own; if any failed, the first failure is thrown after
 * the others ran, so the caller can retry the rest later.
 */
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Channel } from '../definitions/types.ts';
import { idempotencyKey, type DeliveryLedger, type LedgerOwner } from './ledger.ts';

/** Test seam: lets a test stop the process's work at a point between send and record (a simulated crash). */
export type DeliveryHook = (stage: 'sent' | 'recorded', channel: string, recipient: string) => Promise<void>;

/** Channels that send something (a report's 'stored' channel sends nothing). */
export type SendingChannel = Exclude<Channel, { kind: 'stored' }>;

/** The (channel, recipient) pairs a channel list expands to: one per e-mail address, one per URL. */
export function sends(channels: readonly Channel[]): { channel: SendingChannel; recipient: string }[] {
  return channels.flatMap((channel): { channel: SendingChannel; recipient: string }[] =>
    channel.kind === 'email'
      ? channel.recipients.map((recipient) => ({ channel, recipient }))
      : channel.kind === 'stored'
        ? []
        : [{ channel, recipient: channel.url }]
  );
}

export interface EachOptions {
  audit: AuditLog;
  ledger: DeliveryLedger;
  hook?: DeliveryHook | undefined;
}

export interface DeliveryRun {
  /** The ledger owner (report or export schedule) and the audit actor/resource. */
  owner: LedgerOwner;
  actor: string;
  action: string;
  /** Stays the same across attempts of one tick: it seeds the idempotency keys. */
  basis: string;
  /** This attempt's run (report run or export job). */
  runId: string;
  /** Audit details every record carries (e.g. { runId } or { jobId }). */
  details: Record<string, unknown>;
}

export type Send = (channel: SendingChannel, recipient: string, idempotencyKey: string) => Promise<void>;

export async function deliverEach(opts: EachOptions, run: DeliveryRun, channels: readonly Channel[], send: Send): Promise<void> {
  let firstError: unknown;
  for (const { channel, recipient } of sends(channels)) {
    const key = idempotencyKey(run.basis, channel.kind, recipient);
    let error: unknown;
    let skipped = false;
    try {
      if (!(await opts.ledger.begin(key, run.owner, run.runId, channel.kind, recipient))) skipped = true;
      else {
        await send(channel, recipient, key);
        await opts.hook?.('sent', channel.kind, recipient);
        await opts.ledger.delivered(key);
        await opts.hook?.('recorded', channel.kind, recipient);
      }
    } catch (err) {
      error = err;
      firstError ??= err;
    }
    opts.audit.record({
      tenantId: run.owner.tenantId,
      actor: run.actor,
      actorKind: 'service',
      action: run.action,
      resource: run.actor,
      outcome: error ? 'error' : 'success',
      risk: 'medium',
      details: {
        ...run.details,
        channel: channel.kind,
        idempotencyKey: key,
        ...(channel.kind === 'email' ? { recipient } : {}),
        ...(skipped ? { skipped: 'already delivered by an earlier attempt' } : {}),
        ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
      },
    });
  }
  if (firstError) throw firstError;
}
