/**
 * Scheduled export delivery with real receivers (aiosmtpd started by the test,
 * a local HTTP server for the webhook and Slack): a tick exports and sends
 * exactly one message per (channel, recipient) carrying a signed download link
 * that downloads the file; the webhook's HMAC signature verifies; validation
 * errors are coded; a crash between recipients does not double-deliver (the
 * retry on another service instance skips what the ledger says was delivered).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { openExports } from '../../src/exports/open-exports.ts';
import type { ExportService } from '../../src/exports/export-service.ts';
import type { DeliveryHook } from '../../src/reports/delivery/deliver-each.ts';
import { DeliveryLedger } from '../../src/reports/delivery/ledger.ts';
import type { Fixture } from '../queries/fixture.ts';
import { startHttpReceiver, startSmtp } from '../reports-api/servers.ts';
import { bearer, countByTest, startExportFixture } from './helpers.ts';

const PUBLIC = 'https://semantest.example/base';
const SECRET = 'hook-secret-123';
const LEASE = 60_000;
let f: Fixture;
let http: Awaited<ReturnType<typeof startHttpReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const extra: ExportService[] = [];

before(async () => {
  http = await startHttpReceiver();
  smtp = await startSmtp();
  f = await startExportFixture({
    SEMANTEST_ALLOW_PRIVATE_WEBHOOKS: 'true',
    SEMANTEST_SMTP_URL: smtp.url,
    SEMANTEST_PUBLIC_URL: PUBLIC,
  });
});
after(async () => {
  for (const s of extra) await s.close();
  await f.t.close();
  await http.close();
  await smtp.close();
});

const admin = () => bearer(f.acme.keys.admin);
const post = (url: string, payload: unknown) =>
  f.t.app.inject({ method: 'POST', url, headers: admin(), payload: payload as object });

const schedule = (delivery: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'Sheet <daily>',
  cron: '0 6 * * *',
  timezone: 'UTC',
  timeRange: { last: '7d' },
  query: countByTest({ filters: [{ field: 'project', op: '=', value: 'sheet' }] }),
  format: 'csv',
  delivery,
  ...extra,
});

/** The body of a raw MIME message with quoted-printable soft breaks and escapes undone. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
const mailsTo = (to: string) => smtp.messages().filter((m) => m.includes(`X-RcptTo: ${to}`));
const linkIn = (text: string) => new RegExp(`${PUBLIC}/api/v1/downloads/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`).exec(text)?.[0];

/** Creates a schedule and runs one of its ticks on `service` (default: the app's own). */
async function tickOnce(body: unknown, tickAt: Date, service: ExportService = f.t.services.exports) {
  const created = await post('/api/v1/export-schedules', body);
  assert.equal(created.statusCode, 201, created.body);
  const s = await f.t.services.exports.schedules.get(f.acme.id, created.json().id);
  const job = await service.createForTick(s!, tickAt);
  assert.ok(job);
  return { schedule: created.json(), job };
}

test('validation: every delivery mistake is a coded 400; webhook secrets are never shown', async () => {
  const cases: unknown[] = [
    [{ kind: 'fax', number: '1' }],
    [{ kind: 'email', recipients: [] }],
    [{ kind: 'email', recipients: ['not an address'] }],
    [{ kind: 'webhook', url: `${http.url}/x`, secret: 'short' }],
    [{ kind: 'webhook', url: 'ftp://example.com/x', secret: SECRET }],
    [{ kind: 'slack', url: 'not a url' }],
    { kind: 'slack', url: `${http.url}/x` },
  ];
  for (const delivery of cases) {
    const r = await post('/api/v1/export-schedules', schedule(delivery));
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, 'EXPORT_INVALID_DELIVERY', r.body);
    assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
  }
  const ok = await post('/api/v1/export-schedules', schedule([{ kind: 'webhook', url: `${http.url}/x`, secret: SECRET }]));
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().delivery[0].secret, '********');
  const got = await f.t.app.inject({ method: 'GET', url: `/api/v1/export-schedules/${ok.json().id}`, headers: admin() });
  assert.ok(!got.body.includes(SECRET));
  await f.t.app.inject({ method: 'DELETE', url: `/api/v1/export-schedules/${ok.json().id}`, headers: admin() });
});

test('a tick exports and delivers one message per channel and recipient; the link downloads the file', async () => {
  const before = http.received.length;
  const tickAt = new Date('2026-11-23T06:00:00Z');
  const { schedule: s, job } = await tickOnce(
    schedule([
      { kind: 'email', recipients: ['lead@example.com', 'qa@example.com'] },
      { kind: 'webhook', url: `${http.url}/hook`, secret: SECRET },
      { kind: 'slack', url: `${http.url}/slack` },
    ]),
    tickAt
  );
  await f.t.services.exports.idle();
  const done = await f.t.services.exports.require(f.acme.id, job.id);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.deliveryStatus, 'delivered', done.deliveryError ?? '');
  assert.equal(done.deliveryAttempts, 1);

  // E-mail: one message each, no attachment, the facts and the link in the body.
  for (const to of ['lead@example.com', 'qa@example.com']) {
    const mails = mailsTo(to);
    assert.equal(mails.length, 1, to);
    const body = decoded(mails[0]!);
    assert.match(mails[0]!, /^Subject: .*Export/m);
    assert.match(body, new RegExp(`Rows: ${done.rowsWritten}\\b`));
    assert.match(body, /Format: CSV/);
    assert.match(body, /Time window: .*2026.*\(UTC\)/);
    assert.ok(!/Content-Disposition: attachment/i.test(body), 'the file is linked, not attached');
    const link = linkIn(body);
    assert.ok(link, 'the mail carries the download link');
    const d = await f.t.app.inject({ method: 'GET', url: new URL(link).pathname.replace(/^\/base/, '') });
    assert.equal(d.statusCode, 200, d.body);
    assert.match(d.body, /^"test","count"\n/);
    assert.equal(d.body.trim().split('\n').length - 1, done.rowsWritten);
  }

  // Webhook: exactly one POST, HMAC-SHA256 over the exact body verifies with the shared secret.
  const hooks = http.received.slice(before).filter((r) => r.path === '/hook');
  assert.equal(hooks.length, 1);
  const expected = `sha256=${createHmac('sha256', SECRET).update(hooks[0]!.body).digest('hex')}`;
  assert.equal(hooks[0]!.headers['x-semantest-signature'], expected);
  const payload = JSON.parse(hooks[0]!.body);
  assert.equal(payload.event, 'export.delivered');
  assert.deepEqual([payload.schedule.id, payload.job.id, payload.job.rows, payload.job.format], [s.id, job.id, done.rowsWritten, 'csv']);
  assert.equal(payload.job.bytes, done.bytes);
  assert.deepEqual(payload.window, { from: '2026-11-16T06:00:00.000Z', to: tickAt.toISOString(), timezone: 'UTC' });
  assert.ok(payload.download.url.startsWith(`${PUBLIC}/api/v1/downloads/`));
  const viaHook = await f.t.app.inject({ method: 'GET', url: new URL(payload.download.url).pathname.replace(/^\/base/, '') });
  assert.equal(viaHook.statusCode, 200);

  // Slack: one POST with Block Kit and the download button.
  const slack = http.received.slice(before).filter((r) => r.path === '/slack');
  assert.equal(slack.length, 1);
  assert.match(slack[0]!.body, /"url":"https:\/\/semantest\.example\/base\/api\/v1\/downloads\//);

  // The lease loop finds nothing left to deliver; the public view hides channels and secrets.
  await f.t.services.exports.takeOverExpired(new Date(Date.now() + 10 * LEASE));
  await f.t.services.exports.idle();
  assert.equal(http.received.slice(before).length, 2);
  assert.equal(mailsTo('lead@example.com').length, 1);
  const view = await f.t.app.inject({ method: 'GET', url: `/api/v1/exports/${job.id}`, headers: admin() });
  assert.equal(view.json().deliveryStatus, 'delivered');
  assert.ok(!view.body.includes(SECRET) && view.json().delivery === undefined);
});

/** The delivery "dies" (hangs forever) right after one@example.com is sent and recorded; `stops` says when. */
const stops = new EventEmitter();
const dieAfterFirst: DeliveryHook = async (stage, _channel, to) => {
  if (stage !== 'recorded' || to !== 'one@example.com') return;
  stops.emit('died');
  await new Promise(() => undefined);
};

function service(deliveryHook?: DeliveryHook): ExportService {
  const { analytics, metadata, security, tenants, config, audit } = f.t.services;
  const s = openExports({
    dataDir: f.t.dataDir,
    metadata,
    analytics,
    security,
    tenants,
    config: config.exports,
    publicUrl: PUBLIC,
    audit,
    smtp: { url: smtp.url, from: 'exports@semantest.test' },
    allowPrivateTargets: true,
    options: { leaseMs: LEASE },
    ...(deliveryHook ? { deliveryHook } : {}),
  });
  return s;
}

test('a crash after the first recipient: another instance takes over and delivers the rest, each exactly once', async () => {
  const before = http.received.length;
  const died = once(stops, 'died');
  const dead = service(dieAfterFirst); // never closed: its delivery hangs forever, as if the process died
  const { job } = await tickOnce(
    schedule([
      { kind: 'email', recipients: ['one@example.com', 'two@example.com'] },
      { kind: 'webhook', url: `${http.url}/crash`, secret: SECRET },
    ]),
    new Date('2026-11-24T06:00:00Z'),
    dead
  );
  await died;
  assert.deepEqual([mailsTo('one@example.com').length, mailsTo('two@example.com').length], [1, 0]);
  const pending = await f.t.services.exports.require(f.acme.id, job.id);
  assert.deepEqual([pending.status, pending.deliveryStatus], ['succeeded', 'pending']);

  const b = service();
  extra.push(b);
  await b.takeOverExpired(new Date()); // the dead instance's lease still runs: nothing happens
  await b.idle();
  assert.equal(mailsTo('two@example.com').length, 0, 'not taken over while the lease runs');
  await b.takeOverExpired(new Date(Date.now() + LEASE + 1000));
  await b.idle();
  assert.deepEqual([mailsTo('one@example.com').length, mailsTo('two@example.com').length], [1, 1], 'each recipient once');
  assert.equal(http.received.slice(before).filter((r) => r.path === '/crash').length, 1, 'the webhook once');
  const done = await b.require(f.acme.id, job.id);
  assert.equal(done.deliveryStatus, 'delivered', done.deliveryError ?? '');
  assert.equal(done.leaseToken, pending.leaseToken + 1, 'taken over under a new fencing token');
  const ledger = await new DeliveryLedger(f.t.services.metadata, 'export').forRun(job.id);
  assert.deepEqual(ledger.map((l) => [l.channel, l.recipient, l.status]).sort(), [
    ['email', 'one@example.com', 'delivered'],
    ['email', 'two@example.com', 'delivered'],
    ['webhook', `${http.url}/crash`, 'delivered'],
  ]);
  // The stalled first instance, had it woken up, could not record anything: its token is stale.
  const { DeliveryStore } = await import('../../src/exports/delivery/delivery-store.ts');
  const stale = await new DeliveryStore(f.t.services.metadata).finish(job.id, pending.leaseToken, {
    ok: false,
    error: 'late',
    now: new Date(),
    maxAttempts: 5,
    backoffMs: 1000,
  });
  assert.equal(stale, null);
});

test('a failed delivery stays pending and is retried by the lease loop once its backoff is over', async () => {
  const { job } = await tickOnce(
    schedule([{ kind: 'webhook', url: `${http.url}/flaky`, secret: SECRET }]),
    new Date('2026-11-25T06:00:00Z')
  );
  http.failNext(503);
  await f.t.services.exports.idle();
  const first = await f.t.services.exports.require(f.acme.id, job.id);
  assert.deepEqual([first.status, first.deliveryStatus, first.deliveryAttempts], ['succeeded', 'pending', 1]);
  assert.match(first.deliveryError ?? '', /HTTP 503/);
  const hits = () => http.received.filter((r) => r.path === '/flaky').length;
  assert.equal(hits(), 1);
  // Before the backoff (60 s by default) nobody retries; after it, one retry delivers.
  await f.t.services.exports.takeOverExpired(new Date(Date.now() + 1000));
  await f.t.services.exports.idle();
  assert.equal(hits(), 1);
  await f.t.services.exports.takeOverExpired(new Date(Date.now() + 5 * 60_000));
  await f.t.services.exports.idle();
  const done = await f.t.services.exports.require(f.acme.id, job.id);
  assert.deepEqual([done.deliveryStatus, done.deliveryAttempts, done.deliveryError], ['delivered', 2, null]);
  assert.equal(hits(), 2);
});
