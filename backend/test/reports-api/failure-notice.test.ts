/**
 * When a scheduled run fails after its last retry, the report's owner is
 * told: an e-mail received by a real SMTP server (aiosmtpd), a signed
 * `report.failed` event to the definition's webhook, and an audit record.
 * Earlier failed attempts notify no one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { api, definition, grafanaUser } from './helpers.ts';
import { startWithReceivers } from './servers.ts';
import type { Fixture } from '../queries/fixture.ts';
import { createReports } from '../../src/reports/scheduler/open-reports.ts';

type Receivers = Awaited<ReturnType<typeof startWithReceivers>>;
let f: Fixture;
let http: Receivers['http'];
let smtp: Receivers['smtp'];
let env: Receivers;

before(async () => {
  env = await startWithReceivers();
  ({ f, http, smtp } = env);
});
after(() => env.close());

test('the owner gets an e-mail and the webhook a signed report.failed event after the final retry', async () => {
  const owner = grafanaUser(f.acme.keys.grafana, 2, 'olga', 'Editor', 'olga@example.com');
  const secret = 'whsec-fail';
  const c = await api(f.t, 'POST', '/api/v1/reports', owner, definition({
    schedule: { cron: '0 6 * * *', timezone: 'UTC' },
    channels: [{ kind: 'webhook', url: `${http.url}/failures`, secret }],
  }));
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id;
  await f.t.services.metadata.query(
    `UPDATE reports SET definition = jsonb_set(definition, '{queries,0,query,groupBy}', '["gone_field"]') WHERE id = $1`,
    [id]
  );
  const r = createReports(f.t.services, {
    smtp: { url: smtp.url, from: 'reports@semantest.test' },
    scheduler: { maxAttempts: 2, backoffMs: 60_000 },
  });
  const first = await r.scheduler.tick(new Date('2026-12-08T06:00:30Z'));
  assert.deepEqual(first.map((x) => [x.status, x.attempt]), [['failed', 1]]);
  assert.equal(smtp.messages().length, 0, 'a failure that will be retried notifies no one');
  assert.equal(http.received.length, 0);

  const last = await r.scheduler.tick(new Date('2026-12-08T06:01:30Z'));
  assert.deepEqual(last.map((x) => [x.status, x.attempt]), [['failed', 2]]);

  const mails = smtp.messages().filter((m) => m.includes('X-RcptTo: olga@example.com'));
  assert.equal(mails.length, 1, 'the owner is e-mailed once');
  assert.match(mails[0]!, /^Subject: Report failed: Weekly health$/m);
  assert.match(mails[0]!, /failed after 2 attempt\(s\)/);
  assert.match(mails[0]!, /gone_field/);

  const hooks = http.received.filter((x) => x.path === '/failures');
  assert.equal(hooks.length, 1);
  const event = JSON.parse(hooks[0]!.body);
  assert.equal(event.event, 'report.failed');
  assert.equal(event.run.id, last[0]!.id);
  assert.match(event.error, /gone_field/);
  assert.equal(hooks[0]!.headers['x-semantest-signature'], `sha256=${createHmac('sha256', secret).update(hooks[0]!.body).digest('hex')}`);

  await f.t.services.audit.flush();
  const audit = await f.t.services.analytics.query<{ details: string }>(
    "SELECT details FROM audit_log WHERE tenant_id = {t:String} AND action = 'report.failed' AND resource = {r:String}",
    { t: f.acme.id, r: `report:${id}` }
  );
  assert.equal(audit.length, 1);
  assert.deepEqual(JSON.parse(audit[0]!.details).notified, ['email', 'webhook']);
});
