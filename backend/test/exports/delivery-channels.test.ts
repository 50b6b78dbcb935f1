/**
 * The export delivery channel check (exports/delivery/parse-channels.ts) on
 * its own: the SSRF guard refuses loopback and private webhook targets at
 * creation, e-mail needs SMTP, any channel needs the public URL for its link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/errors/app-error.ts';
import { parseChannels, type DeliveryEnv } from '../../src/exports/delivery/parse-channels.ts';
import { refusePrivateTargets } from '../../src/reports/delivery/target-guard.ts';

const env: DeliveryEnv = { smtpConfigured: true, publicUrl: 'https://semantest.example', guard: refusePrivateTargets };

async function refused(value: unknown, e: DeliveryEnv, pattern: RegExp) {
  await assert.rejects(parseChannels(value, e), (err: unknown) => {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'EXPORT_INVALID_DELIVERY');
    assert.match(err.message, pattern);
    return true;
  });
}

test('webhook and Slack targets on loopback, private or link-local addresses are refused at creation', async () => {
  for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]/x']) {
    await refused([{ kind: 'webhook', url, secret: 'long enough secret' }], env, /private or loopback/);
    await refused([{ kind: 'slack', url }], env, /private or loopback/);
  }
});

test('e-mail without SMTP and any channel without a public URL are refused; duplicates collapse', async () => {
  await refused([{ kind: 'email', recipients: ['a@example.com'] }], { ...env, smtpConfigured: false }, /SEMANTEST_SMTP_URL/);
  await refused([{ kind: 'slack', url: 'https://93.184.215.14/x' }], { ...env, publicUrl: undefined }, /SEMANTEST_PUBLIC_URL/);
  assert.deepEqual(await parseChannels([{ kind: 'email', recipients: ['a@example.com', 'a@example.com'] }], env), [
    { kind: 'email', recipients: ['a@example.com'] },
  ]);
  assert.deepEqual(await parseChannels(undefined, { ...env, publicUrl: undefined }), []);
});
