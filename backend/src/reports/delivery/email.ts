/**
 * E-mail delivery over SMTP (nodemailer): the summary as text and HTML body,
 * every rendered file attached (streamed from disk, not buffered).
 * SMTP settings come from one URL, e.g. smtp://user:pass@mail.example.com:587.
 */
import { basename } from 'node:path';
import nodemailer from 'nodemailer';
import type { Summary } from '../render/summary.ts';
import type { RenderedFile } from '../scheduler/report-runner.ts';
import { DeliveryError } from './errors.ts';

export interface SmtpSettings {
  url: string;
  from: string;
}

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
};

export async function sendEmail(
  smtp: SmtpSettings,
  to: string[],
  summary: Summary,
  files: RenderedFile[],
  /** Stable per (tick, recipient): a retry re-sends the same Message-ID, so the receiver can drop the copy. */
  messageId?: string
): Promise<void> {
  const transport = nodemailer.createTransport(smtp.url);
  try {
    await transport.sendMail({
      from: smtp.from,
      to,
      ...(messageId ? { messageId } : {}),
      subject: summary.subject,
      text: summary.text,
      html: summary.html,
      attachments: files.map((f) => ({
        filename: basename(f.path),
        path: f.path,
        contentType: MIME[f.format] ?? 'application/octet-stream',
      })),
    });
  } catch (err) {
    throw new DeliveryError('email', err instanceof Error ? err.message : String(err));
  } finally {
    transport.close();
  }
}
