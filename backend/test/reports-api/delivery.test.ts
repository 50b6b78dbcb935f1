/**
 * Delivery to real receivers: a signed webhook verified by a local HTTP
 * server, a Slack incoming webhook (Block Kit JSON), and SMTP e-mail with the
 * rendered files attached, received by aiosmtpd. A refused delivery fails
 * the run with REPORT_DELIVERY_FAILED.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { api, definition, grafanaUser, runNow } from './helpers.ts';
import { attachment, startWithReceivers } from './servers.ts';
import type { Fixture } from '../queries/fixture.ts';
import { createReports } from '../../src/reports/scheduler/open-reports.ts';

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

async function runReport(extra: Record<string, unknown>) {
  const c = await api(f.t, 'POST', '/api/v1/reports', editor, definition(extra));
  assert.equal(c.statusCode, 201, c.body);
  const r = await runNow(f.t, c.json().id, editor);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

test('webhook: the receiver verifies X-Semantest-Signature over the exact body', async () => {
  const secret = 'whsec-test-1';
  const run = await runReport({ channels: [{ kind: 'webhook', url: `${http.url}/hook`, secret }] });
  assert.equal(run.status, 'succeeded', run.error);
  const got = http.received.find((x) => x.path === '/hook');
  assert.ok(got, 'webhook received');
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(got.body).digest('hex')}`);
  const header = Buffer.from(String(got.headers['x-semantest-signature']));
  assert.ok(header.length === expected.length && timingSafeEqual(header, expected), 'signature verifies');
  assert.match(String(got.headers['idempotency-key']), /^[0-9a-f]{40}$/, 'receivers can dedupe on Idempotency-Key');
  const body = JSON.parse(got.body);
  assert.equal(body.run.id, run.id);
  assert.equal(body.report.name, 'Weekly health');
  assert.deepEqual(
    body.files.map((x: { format: string }) => x.format),
    ['csv', 'csv', 'json', 'json']
  );
  assert.match(body.summary.text, /Tests: 7\n• Failed: 3\n• Pass rate: 50%/);
});

test('slack: an incoming-webhook JSON with the summary blocks', async () => {
  const run = await runReport({
    channels: [{ kind: 'slack', url: `${http.url}/slack` }],
    dashboardUrl: 'https://grafana.example.com/d/health',
  });
  assert.equal(run.status, 'succeeded', run.error);
  const got = http.received.find((x) => x.path === '/slack');
  assert.ok(got);
  const msg = JSON.parse(got.body);
  assert.match(msg.text, /Weekly health/);
  assert.equal(msg.blocks[0].type, 'header');
  assert.ok(
    msg.blocks.some(
      (b: { type: string; elements?: { url?: string }[] }) =>
        b.type === 'actions' && b.elements?.[0]?.url === 'https://grafana.example.com/d/health'
    )
  );
});

test('e-mail: received by a real SMTP server with the rendered files attached', async () => {
  const c = await api(
    f.t,
    'POST',
    '/api/v1/reports',
    editor,
    definition({
      formats: ['csv', 'xlsx'],
      channels: [{ kind: 'email', recipients: ['lead@example.com', 'qa@example.com'] }],
    })
  );
  assert.equal(c.statusCode, 201, c.body);
  // Without SMTP settings (the app's default here) the channel fails loudly …
  const unconfigured = (await runNow(f.t, c.json().id, editor)).json();
  assert.equal(unconfigured.status, 'failed');
  assert.match(unconfigured.error, /no SMTP server is configured/);
  // … and with them (config.reports.smtpUrl, passed as createReports' smtp) the mail arrives.
  const reports = createReports(f.t.services, { smtp: { url: smtp.url, from: 'reports@semantest.test' } });
  const run = await reports.runner.run(await reports.store.require(f.acme.id, c.json().id), { kind: 'manual' });
  assert.equal(run.status, 'succeeded', run.error ?? '');
  // One message per recipient (recipients do not see each other; each is one ledger entry).
  const messages = smtp.messages();
  assert.equal(messages.length, 2);
  const ids = new Set<string>();
  for (const [i, to] of ['lead@example.com', 'qa@example.com'].entries()) {
    const raw = messages.find((m) => m.includes(`X-RcptTo: ${to}`)) as string;
    assert.ok(raw, `mail for ${to} (#${i})`);
    const head = raw.slice(0, raw.indexOf('\n\n'));
    // The subject carries an em dash, so it is RFC 2047 encoded.
    assert.match(head, /^Subject: =\?UTF-8\?Q\?Weekly_health_=E2=80=94_acme/m, head);
    assert.match(head, new RegExp(`^To: ${to.replace('.', '\\.')}$`, 'm'), head);
    ids.add(/^Message-ID: (<[0-9a-f]{40}@semantest\.reports>)$/im.exec(head)?.[1] ?? 'none');
    assert.match(raw, /Tests: 7/);
    for (const file of run.files ?? []) {
      const name = file.path.split('/').pop() as string;
      const got = attachment(raw, name);
      assert.ok(got, `attachment ${name}`);
      assert.ok(got.equals(readFileSync(file.path)), `${name} arrives byte-identical`);
    }
  }
  assert.equal(ids.size, 2, 'each recipient has its own stable Message-ID');
  assert.ok(!ids.has('none'));
});

test('per-recipient mode: each recipient gets the report computed under their own policies', async () => {
  const admin = grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin');
  const policy = await api(f.t, 'POST', '/api/v1/policies', admin, {
    name: 'alice-web-only',
    condition: [{ field: 'project', op: '=', value: 'web' }],
    appliesTo: { users: ['alice@example.com'] },
  });
  assert.ok(policy.statusCode < 300, policy.body);
  const c = await api(
    f.t,
    'POST',
    '/api/v1/reports',
    editor,
    definition({
      formats: ['csv'],
      perRecipient: true,
      channels: [{ kind: 'email', recipients: ['alice@example.com', 'bob@example.com'] }],
    })
  );
  const reports = createReports(f.t.services, { smtp: { url: smtp.url, from: 'reports@semantest.test' } });
  const run = await reports.runner.run(await reports.store.require(f.acme.id, c.json().id), { kind: 'manual' });
  assert.equal(run.status, 'succeeded', run.error ?? '');
  const byProject = (rcpt: string) => {
    const raw = smtp.messages().find((m) => m.includes(`X-RcptTo: ${rcpt}`));
    assert.ok(raw, `mail for ${rcpt}`);
    const name = /filename=(\S+-1\.csv)/.exec(raw)?.[1] as string;
    return (attachment(raw, name) as Buffer).toString('utf8').trim().split(/\r?\n/).sort();
  };
  assert.deepEqual(byProject('alice@example.com'), ['project,count', 'web,5'].sort());
  assert.deepEqual(byProject('bob@example.com'), ['api,2', 'project,count', 'web,5'].sort());
});

test('a refused delivery fails the run with REPORT_DELIVERY_FAILED and keeps no files', async () => {
  http.failNext(500);
  const run = await runReport({ channels: [{ kind: 'webhook', url: `${http.url}/down`, secret: 'k' }] });
  assert.equal(run.status, 'failed');
  assert.match(run.error, /^REPORT_DELIVERY_FAILED: webhook delivery failed: HTTP 500/);
});

test('by default, webhooks to loopback or private addresses are refused (SSRF guard)', async () => {
  const { refusePrivateTargets } = await import('../../src/reports/delivery/target-guard.ts');
  for (const url of [`${http.url}/hook`, 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/x', 'http://[::1]:9/x', 'http://localhost:9/x']) {
    await assert.rejects(refusePrivateTargets('webhook', url), /private or loopback address/, url);
  }
  await refusePrivateTargets('webhook', 'http://93.184.216.34/hook'); // a public address passes the guard
  const before = http.received.length;
  const reports = createReports(f.t.services, { allowPrivateTargets: false });
  const c = await api(f.t, 'POST', '/api/v1/reports', editor, definition({ channels: [{ kind: 'webhook', url: `${http.url}/guarded`, secret: 'k' }] }));
  const run = await reports.runner.run(await reports.store.require(f.acme.id, c.json().id), { kind: 'manual' });
  assert.equal(run.status, 'failed');
  assert.match(run.error ?? '', /private or loopback address/);
  assert.equal(http.received.length, before, 'nothing was sent');
});
