/**
 * A crash between delivering to one recipient and the next must not lead to
 * a doubled delivery on retry. The crash is simulated with the delivery test
 * seam: replica A's run stops forever at the chosen point (its promise never
 * settles, as if the process died), its lease expires, and replica B retries
 * the tick. Real receivers: aiosmtpd and a local HTTP server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, definition, grafanaUser } from './helpers.ts';
import { startWithReceivers } from './servers.ts';
import type { Fixture } from '../queries/fixture.ts';
import { createReports } from '../../src/reports/scheduler/open-reports.ts';
import type { DeliveryHook } from '../../src/reports/delivery/deliver.ts';

type Receivers = Awaited<ReturnType<typeof startWithReceivers>>;
let f: Fixture;
let http: Receivers['http'];
let smtp: Receivers['smtp'];
let env: Receivers;
let editor: Record<string, string>;

before(async () => {
  env = await startWithReceivers();
  ({ f, http, smtp } = env);
  editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
});
after(() => env.close());

const RECIPIENTS = ['one@example.com', 'two@example.com', 'three@example.com'];
const opts = (hook?: DeliveryHook) => ({
  smtp: { url: smtp.url, from: 'reports@semantest.test' },
  scheduler: { leaseMs: 600_000, backoffMs: 60_000, maxAttempts: 3 },
  ...(hook ? { deliveryHook: hook } : {}),
});

/** A hook that "kills" the run at `stage` for `recipient`: resolves `crashed`, then never returns. */
function crashAt(stage: 'sent' | 'recorded', recipient: string) {
  let crashed!: () => void;
  const signal = new Promise<void>((r) => (crashed = r));
  const hook: DeliveryHook = async (s, _channel, to) => {
    if (s === stage && to === recipient) {
      crashed();
      await new Promise(() => undefined);
    }
  };
  return { hook, signal };
}

async function scheduled(cron: string, channels: unknown[]): Promise<string> {
  const c = await api(f.t, 'POST', '/api/v1/reports', editor, definition({ schedule: { cron, timezone: 'UTC' }, channels }));
  assert.equal(c.statusCode, 201, c.body);
  return c.json().id;
}

const mailsTo = (to: string) => smtp.messages().filter((m) => m.includes(`X-RcptTo: ${to}`));
const messageId = (raw: string) => /^Message-ID: (\S+)$/im.exec(raw)?.[1];

test('crash after the first recipient was delivered and recorded: the retry delivers the rest, each exactly once', async () => {
  const id = await scheduled('0 9 * * *', [
    { kind: 'email', recipients: RECIPIENTS },
    { kind: 'webhook', url: `${http.url}/idem`, secret: 'k' },
  ]);
  const crash = crashAt('recorded', 'one@example.com');
  const dead = createReports(f.t.services, opts(crash.hook));
  void dead.scheduler.tick(new Date('2026-12-01T09:00:30Z'));
  await crash.signal;
  assert.deepEqual(RECIPIENTS.map((r) => mailsTo(r).length), [1, 0, 0], 'A died after the first mail');

  const b = createReports(f.t.services, opts());
  assert.deepEqual(await b.scheduler.tick(new Date('2026-12-01T09:05:00Z')), [], 'lease still held');
  const retried = await b.scheduler.tick(new Date('2026-12-01T09:10:31Z'));
  assert.deepEqual(retried.map((r) => [r.status, r.attempt]), [['succeeded', 2]], retried[0]?.error ?? '');
  assert.deepEqual(RECIPIENTS.map((r) => mailsTo(r).length), [1, 1, 1], 'every recipient exactly once');
  assert.equal(http.received.filter((x) => x.path === '/idem').length, 1, 'the webhook exactly once');

  const ledger = await b.ledger.forRun(retried[0]!.id);
  assert.deepEqual(ledger.map((l) => [l.channel, l.recipient, l.status]).sort(), [
    ['email', 'three@example.com', 'delivered'],
    ['email', 'two@example.com', 'delivered'],
    ['webhook', `${http.url}/idem`, 'delivered'],
  ]);
  await f.t.services.audit.flush();
  const skipped = await f.t.services.analytics.query<{ details: string }>(
    "SELECT details FROM audit_log WHERE tenant_id = {t:String} AND action = 'report.delivery' AND details LIKE '%already delivered%'",
    { t: f.acme.id }
  );
  assert.equal(skipped.length, 1, 'the skip of recipient one is audited');
  assert.match(skipped[0]!.details, /one@example\.com/);
  await api(f.t, 'DELETE', `/api/v1/reports/${id}`, editor);
});

test('crash after sending but before recording: the retry re-sends under the same idempotency key', async () => {
  const before = http.received.length;
  const id = await scheduled('0 10 * * *', [
    { kind: 'webhook', url: `${http.url}/window`, secret: 'k' },
    { kind: 'email', recipients: ['win@example.com'] },
  ]);
  const crash = crashAt('sent', `${http.url}/window`);
  void createReports(f.t.services, opts(crash.hook)).scheduler.tick(new Date('2026-12-02T10:00:10Z'));
  await crash.signal;
  const b = createReports(f.t.services, opts());
  const retried = await b.scheduler.tick(new Date('2026-12-02T10:10:11Z'));
  assert.deepEqual(retried.map((r) => [r.status, r.attempt]), [['succeeded', 2]], retried[0]?.error ?? '');
  const hooks = http.received.slice(before).filter((x) => x.path === '/window');
  assert.equal(hooks.length, 2, 'the in-flight webhook is sent again (its record was never written)');
  const keys = hooks.map((h) => String(h.headers['idempotency-key']));
  assert.equal(keys[0], keys[1], 'with the same Idempotency-Key, so the receiver drops the copy');
  assert.notEqual(JSON.parse(hooks[0]!.body).run.id, JSON.parse(hooks[1]!.body).run.id, 'from two attempts');
  const mails = mailsTo('win@example.com');
  assert.equal(mails.length, 1, 'the e-mail, after the crash point, is sent once');
  assert.match(messageId(mails[0]!) ?? '', /^<[0-9a-f]{40}@semantest\.reports>$/);
  await api(f.t, 'DELETE', `/api/v1/reports/${id}`, editor);
});
