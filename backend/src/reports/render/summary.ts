/**
 * The message body that goes with a delivered report (e-mail text + HTML,
 * Slack Block Kit): headline numbers, what changed since the previous run and
 * a link back to the Grafana dashboard. Every user-controlled string is
 * escaped for its channel (HTML entities; Slack's &, <, > control chars).
 */
import type { HeadlineItem, ReportDocument } from './model.ts';
import { formatRange, formatWithUnit } from './format.ts';

export interface SummaryOptions {
  dashboardUrl?: string;
}

export interface Change {
  label: string;
  current: string;
  previous: string | null;
  /** Relative change (0.1 = +10 %), null when not computable. */
  change: number | null;
}

export interface Summary {
  subject: string;
  text: string;
  html: string;
  slackBlocks: unknown[];
  changes: Change[];
}

type Previous = Pick<ReportDocument, 'summary'> | null | undefined;

const show = (h: HeadlineItem) => (typeof h.value === 'number' ? formatWithUnit(h.value, h.unit) : h.value);

export function compareHeadline(current: HeadlineItem[], previous: HeadlineItem[] | undefined): Change[] {
  const prev = new Map((previous ?? []).map((p) => [p.label, p]));
  return current.map((h) => {
    const p = prev.get(h.label);
    let change = h.change ?? null;
    if (p && typeof p.value === 'number' && typeof h.value === 'number' && p.value !== 0)
      change = (h.value - p.value) / Math.abs(p.value);
    return { label: h.label, current: show(h), previous: p ? show(p) : null, change };
  });
}

const pct = (c: number) => `${c >= 0 ? '+' : '−'}${(Math.abs(c) * 100).toFixed(1)}%`;
function describe(c: Change): string {
  const delta = c.change === null ? '' : ` (${pct(c.change)}${c.previous !== null ? ` from ${c.previous}` : ''})`;
  return `${c.label}: ${c.current}${delta}`;
}

const html = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const slack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildSummary(doc: ReportDocument, previous?: Previous, opts: SummaryOptions = {}): Summary {
  const range = formatRange(doc.timeRange.from, doc.timeRange.to, doc.timeRange.timezone);
  const changes = compareHeadline(doc.summary?.headline ?? [], previous?.summary?.headline);
  const notes = doc.summary?.notes ?? [];
  const lead = changes[0];
  const subject = `${doc.title} — ${doc.tenant.name}${lead ? ` — ${lead.label} ${lead.current}` : ''}`.replace(
    /[\r\n]+/g,
    ' '
  );
  const lines = [
    `${doc.title} (${doc.tenant.name})`,
    range,
    '',
    ...changes.map((c) => `• ${describe(c)}`),
    ...(notes.length ? ['', ...notes.map((n) => `– ${n}`)] : []),
    ...(opts.dashboardUrl ? ['', `Open the dashboard: ${opts.dashboardUrl}`] : []),
  ];
  const htmlBody = [
    `<h2 style="margin:0 0 4px;color:#1f3864">${html(doc.title)}</h2>`,
    `<p style="margin:0 0 12px;color:#555">${html(doc.tenant.name)} · ${html(range)}</p>`,
    changes.length
      ? `<table cellpadding="6" style="border-collapse:collapse">${changes
          .map(
            (c) =>
              `<tr><td>${html(c.label)}</td><td><b>${html(c.current)}</b></td><td style="color:#555">${c.change === null ? '' : html(pct(c.change))}${c.previous !== null ? ` (was ${html(c.previous)})` : ''}</td></tr>`
          )
          .join('')}</table>`
      : '',
    notes.length ? `<ul>${notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>` : '',
    opts.dashboardUrl ? `<p><a href="${html(opts.dashboardUrl)}">Open the dashboard</a></p>` : '',
  ].join('\n');
  const slackBlocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: doc.title.slice(0, 150) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: slack(`${doc.tenant.name} · ${range}`) }] },
  ];
  if (changes.length) {
    slackBlocks.push({
      type: 'section',
      fields: changes.slice(0, 10).map((c) => ({
        type: 'mrkdwn',
        text: `*${slack(c.label)}*\n${slack(c.current)}${c.change === null ? '' : ` (${pct(c.change)})`}`,
      })),
    });
  }
  if (notes.length)
    slackBlocks.push({ type: 'section', text: { type: 'mrkdwn', text: notes.map((n) => `• ${slack(n)}`).join('\n') } });
  if (opts.dashboardUrl) {
    slackBlocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open dashboard' }, url: opts.dashboardUrl }],
    });
  }
  return { subject, text: lines.join('\n'), html: htmlBody, slackBlocks, changes };
}
