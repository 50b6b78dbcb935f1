/**
 * The message of a delivered export: what was exported (schedule, format,
 * rows, size, time window) and the signed download link with its expiry. The
 * file itself is never attached: exports can be millions of rows. Every
 * user-controlled string (the schedule name) is escaped for its channel.
 */
import { formatRange, formatWithUnit } from '../../reports/render/format.ts';
import type { Summary } from '../../reports/render/summary.ts';
import type { ExportJob } from '../types.ts';
import type { JobDelivery } from './types.ts';

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

const html = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const slack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function facts(job: ExportJob, d: JobDelivery): [string, string][] {
  const format = job.compression === 'none' ? job.format.toUpperCase() : `${job.format.toUpperCase()} (${job.compression})`;
  return [
    ['Rows', job.rowsWritten.toLocaleString('en-US')],
    ['Size', formatWithUnit(job.bytes ?? 0, 'bytes')],
    ['Format', format],
    [
      'Time window',
      d.window ? formatRange(new Date(d.window.from), new Date(d.window.to), d.window.timezone) : 'the query’s own time range',
    ],
  ];
}

export function exportSummary(job: ExportJob, d: JobDelivery, link: DownloadLink): Summary {
  const rows = job.rowsWritten.toLocaleString('en-US');
  const subject = `Export ready: ${d.scheduleName} — ${rows} rows`.replace(/[\r\n]+/g, ' ');
  const list = facts(job, d);
  const expires = `The link expires at ${link.expiresAt}.`;
  const text = [
    `Your scheduled export "${d.scheduleName}" is ready.`,
    '',
    ...list.map(([k, v]) => `${k}: ${v}`),
    '',
    `Download: ${link.url}`,
    expires,
  ].join('\n');
  const htmlBody = [
    `<h2 style="margin:0 0 8px;color:#1f3864">${html(d.scheduleName)}</h2>`,
    `<table cellpadding="4">${list.map(([k, v]) => `<tr><td>${html(k)}</td><td><b>${html(v)}</b></td></tr>`).join('')}</table>`,
    `<p><a href="${html(link.url)}">Download the export</a></p>`,
    `<p style="color:#555">${html(expires)}</p>`,
  ].join('\n');
  const slackBlocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Export ready: ${d.scheduleName}`.slice(0, 150) } },
    { type: 'section', fields: list.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${slack(v)}` })) },
    {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Download' }, url: link.url }],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: slack(expires) }] },
  ];
  return { subject, text, html: htmlBody, slackBlocks, changes: [] };
}

/** The webhook's JSON (signed over these exact bytes by webhook.ts). */
export function exportWebhookBody(job: ExportJob, d: JobDelivery, link: DownloadLink): string {
  return JSON.stringify({
    event: 'export.delivered',
    schedule: { id: job.scheduleId, name: d.scheduleName },
    job: {
      id: job.id,
      tickAt: job.tickAt,
      format: job.format,
      compression: job.compression,
      rows: job.rowsWritten,
      bytes: job.bytes,
      finishedAt: job.finishedAt,
    },
    window: d.window,
    download: link,
  });
}
