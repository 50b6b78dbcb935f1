/**
 * Webhook delivery: a JSON description of the run, signed with HMAC-SHA256
 * over the exact body bytes: `X-Semantest-Signature: sha256=<hex>`. The
 * receiver recomputes it with the shared secret (constant-time compare).
 * Files are described, not attached: they stay in the tenant's report store.
 */
import { createHmac } from 'node:crypto';
import { basename } from 'node:path';
import type { Summary } from '../render/summary.ts';
import type { StoredReport } from '../definitions/types.ts';
import type { RenderedFile } from '../scheduler/report-runner.ts';
import type { ReportRun } from '../scheduler/run-store.ts';
import { postJson } from './http-post.ts';
import type { TargetGuard } from './target-guard.ts';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function webhookBody(report: StoredReport, run: ReportRun, summary: Summary, files: RenderedFile[]): string {
  return JSON.stringify({
    event: 'report.delivered',
    report: { id: report.id, name: report.definition.name },
    run: { id: run.id, trigger: run.trigger, tickAt: run.tickAt, attempt: run.attempt },
    summary: { subject: summary.subject, text: summary.text, changes: summary.changes },
    files: files.map((f) => ({ format: f.format, name: basename(f.path), bytes: f.bytes })),
  });
}

/** `Idempotency-Key` is the same on every attempt of one tick: receivers dedupe on it. */
export async function sendWebhook(
  guard: TargetGuard,
  url: string,
  secret: string,
  body: string,
  deliveryId: string,
  idempotencyKey: string
): Promise<void> {
  await postJson(guard, 'webhook', url, body, {
    'x-semantest-signature': sign(secret, body),
    'x-semantest-delivery': deliveryId,
    'idempotency-key': idempotencyKey,
  });
}
