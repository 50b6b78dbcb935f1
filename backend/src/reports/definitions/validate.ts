/**
 * Turns an API body into a ReportDefinition or throws a coded AppError that
 * names the problem (bad cron, unknown time zone, empty metrics, bad URL …).
 * Query compilation against the caller's context happens in the route, so
 * this file stays free of request state.
 */
import { validate as validCron } from 'node-cron';
import { AppError } from '../../errors/app-error.ts';
import { VISUALIZATIONS, type Format, type Visualization } from '../render/model.ts';
import { isTimeZone, parseRelative } from './relative-range.ts';
import {
  REPORT_FORMATS,
  type Channel,
  type Condition,
  type ReportDefinition,
  type ReportQuery,
  type RunAs,
} from './types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (msg: string) => new AppError('VALIDATION_FAILED', msg);

function str(o: Obj, key: string, max = 200, required = true): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > max)
    throw bad(`${key} must be a non-empty string of at most ${max} characters`);
  return v;
}

function zone(tz: unknown, where: string): string {
  if (typeof tz !== 'string' || !isTimeZone(tz))
    throw new AppError(
      'REPORT_UNKNOWN_TIMEZONE',
      `${where}: unknown time zone ${JSON.stringify(tz)} (use an IANA name such as Europe/Berlin)`
    );
  return tz;
}

export function httpUrl(v: unknown, where: string): string {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw new AppError('REPORT_INVALID_URL', `${where}: ${JSON.stringify(v)} is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new AppError('REPORT_INVALID_URL', `${where}: only http(s) URLs are allowed`);
  return u.toString();
}

function query(q: unknown, i: number): ReportQuery {
  if (!isObj(q) || !isObj(q.query)) throw bad(`queries[${i}] needs { title, visualization, query }`);
  const visualization = q.visualization ?? 'table';
  if (!VISUALIZATIONS.includes(visualization as Visualization))
    throw bad(`queries[${i}].visualization must be one of ${VISUALIZATIONS.join(', ')}`);
  const metrics = q.query.metrics;
  if (metrics !== undefined && (!Array.isArray(metrics) || metrics.length === 0))
    throw new AppError(
      'REPORT_EMPTY_METRICS',
      `queries[${i}].query.metrics is empty: a report query needs at least one metric`
    );
  return {
    title: str(q, 'title') as string,
    visualization: visualization as Visualization,
    ...(Array.isArray(q.thresholds) ? { thresholds: q.thresholds as ReportQuery['thresholds'] } : {}),
    query: q.query,
  };
}

function channel(c: unknown, i: number): Channel {
  if (!isObj(c)) throw bad(`channels[${i}] must be an object`);
  switch (c.kind) {
    case 'email': {
      const r = c.recipients;
      if (!Array.isArray(r) || r.length === 0 || r.some((e) => typeof e !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(e)))
        throw bad(`channels[${i}].recipients must be a non-empty list of e-mail addresses`);
      return { kind: 'email', recipients: r as string[] };
    }
    case 'webhook':
      return { kind: 'webhook', url: httpUrl(c.url, `channels[${i}].url`), secret: str(c, 'secret', 500) as string };
    case 'slack':
      return { kind: 'slack', url: httpUrl(c.url, `channels[${i}].url`) };
    case 'stored':
      return { kind: 'stored' };
    default:
      throw bad(`channels[${i}].kind must be email, webhook, slack or stored`);
  }
}

function condition(c: unknown): Condition {
  if (c === undefined) return { kind: 'always' };
  if (!isObj(c)) throw bad('condition must be an object');
  if (c.kind === 'pass_rate_below') {
    const t = c.threshold;
    if (typeof t !== 'number' || !(t > 0 && t <= 1)) throw bad('condition.threshold must be a fraction in (0, 1]');
    return { kind: 'pass_rate_below', threshold: t };
  }
  if (c.kind === 'always' || c.kind === 'any_failure' || c.kind === 'non_empty' || c.kind === 'new_failures')
    return { kind: c.kind };
  throw bad('condition.kind must be always, any_failure, pass_rate_below, non_empty or new_failures');
}

function runAs(r: unknown, fallback: RunAs): RunAs {
  if (r === undefined) return fallback;
  if (isObj(r) && r.kind === 'service') return { kind: 'service' };
  if (isObj(r) && r.kind === 'user') {
    const role = r.role ?? 'Viewer';
    if (role !== 'Viewer' && role !== 'Editor' && role !== 'Admin')
      throw bad('runAs.role must be Viewer, Editor or Admin');
    return {
      kind: 'user',
      login: str(r, 'login') as string,
      ...(typeof r.email === 'string' ? { email: r.email } : {}),
      role,
    };
  }
  throw bad('runAs must be { kind: "service" } or { kind: "user", login, role }');
}

export function parseDefinition(body: unknown, defaultRunAs: RunAs): ReportDefinition {
  if (!isObj(body)) throw bad('the body must be a JSON object');
  const queries = body.queries;
  if (!Array.isArray(queries) || queries.length === 0 || queries.length > 20)
    throw bad('queries must hold 1 to 20 queries');
  const tr = isObj(body.timeRange) ? body.timeRange : { last: '7d', timezone: 'UTC' };
  if (typeof tr.last !== 'string' || parseRelative(tr.last) === null)
    throw bad('timeRange.last must look like 30m, 24h, 7d or 2w (at most a year)');
  const formats = body.formats ?? ['pdf'];
  if (!Array.isArray(formats) || formats.length === 0 || formats.some((f) => !REPORT_FORMATS.includes(f as Format)))
    throw bad(`formats must be a non-empty subset of ${REPORT_FORMATS.join(', ')}`);
  let schedule: ReportDefinition['schedule'];
  if (body.schedule !== undefined && body.schedule !== null) {
    const s = body.schedule;
    if (!isObj(s) || typeof s.cron !== 'string' || !validCron(s.cron))
      throw new AppError(
        'REPORT_INVALID_CRON',
        `schedule.cron ${JSON.stringify(isObj(s) ? s.cron : s)} is not a valid cron expression (e.g. "0 8 * * MON")`
      );
    schedule = { cron: s.cron, timezone: zone(s.timezone ?? 'UTC', 'schedule.timezone') };
  }
  const channels = body.channels ?? [{ kind: 'stored' }];
  if (!Array.isArray(channels) || channels.length === 0) throw bad('channels must be a non-empty list');
  return {
    name: str(body, 'name') as string,
    ...(body.description !== undefined ? { description: str(body, 'description', 2000) as string } : {}),
    queries: queries.map(query),
    timeRange: { last: tr.last, timezone: zone(tr.timezone ?? 'UTC', 'timeRange.timezone') },
    formats: [...new Set(formats as Format[])],
    ...(schedule ? { schedule } : {}),
    channels: channels.map(channel),
    condition: condition(body.condition),
    runAs: runAs(body.runAs, defaultRunAs),
    perRecipient: body.perRecipient === true,
    ...(body.dashboardUrl !== undefined ? { dashboardUrl: httpUrl(body.dashboardUrl, 'dashboardUrl') } : {}),
  };
}
