/**
 * Checks an export schedule's `delivery` list when the schedule is created,
 * so a mistake is a coded 400 now (EXPORT_INVALID_DELIVERY), not a failed
 * delivery at 6 in the morning: the shape of each channel, http(s) URLs,
 * webhook targets through the same SSRF guard the send uses (private and
 * loopback addresses refused unless the operator allowed them), an SMTP
 * server for e-mail, and a public URL to build the download link on.
 */
import { AppError } from '../../errors/app-error.ts';
import { DeliveryError } from '../../reports/delivery/errors.ts';
import type { TargetGuard } from '../../reports/delivery/target-guard.ts';
import type { ExportChannel } from './types.ts';

export interface DeliveryEnv {
  smtpConfigured: boolean;
  publicUrl: string | undefined;
  guard: TargetGuard;
}

const bad = (msg: string) => new AppError('EXPORT_INVALID_DELIVERY', msg);
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MAX_CHANNELS = 20;
export const MAX_RECIPIENTS = 100;

function httpUrl(v: unknown, where: string): string {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw bad(`${where}: ${JSON.stringify(v)} is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad(`${where}: only http(s) URLs are allowed`);
  return u.toString();
}

async function guarded(env: DeliveryEnv, kind: string, url: string, where: string): Promise<string> {
  try {
    await env.guard(kind, url);
  } catch (err) {
    throw bad(`${where}: ${err instanceof DeliveryError ? err.message : String(err)}`);
  }
  return url;
}

async function channel(c: unknown, i: number, env: DeliveryEnv): Promise<ExportChannel> {
  const where = `delivery[${i}]`;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw bad(`${where} must be an object`);
  const o = c as Record<string, unknown>;
  switch (o.kind) {
    case 'email': {
      const r = o.recipients;
      if (!Array.isArray(r) || r.length === 0 || r.length > MAX_RECIPIENTS || r.some((e) => typeof e !== 'string' || !EMAIL.test(e)))
        throw bad(`${where}.recipients must be 1 to ${MAX_RECIPIENTS} e-mail addresses`);
      if (!env.smtpConfigured) throw bad(`${where}: e-mail delivery needs an SMTP server (SEMANTEST_SMTP_URL)`);
      return { kind: 'email', recipients: [...new Set(r as string[])] };
    }
    case 'webhook': {
      const secret = o.secret;
      if (typeof secret !== 'string' || secret.length < 8 || secret.length > 500)
        throw bad(`${where}.secret must be a string of 8 to 500 characters (the HMAC key the receiver checks)`);
      const url = await guarded(env, 'webhook', httpUrl(o.url, `${where}.url`), `${where}.url`);
      return { kind: 'webhook', url, secret };
    }
    case 'slack':
      return { kind: 'slack', url: await guarded(env, 'slack', httpUrl(o.url, `${where}.url`), `${where}.url`) };
    default:
      throw bad(`${where}.kind must be email, webhook or slack`);
  }
}

/** undefined or [] = no delivery (the schedule only stores its files). */
export async function parseChannels(value: unknown, env: DeliveryEnv): Promise<ExportChannel[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_CHANNELS) throw bad(`delivery must be a list of at most ${MAX_CHANNELS} channels`);
  const out: ExportChannel[] = [];
  for (const [i, c] of value.entries()) out.push(await channel(c, i, env));
  if (out.length > 0 && !env.publicUrl)
    throw bad('delivery sends a download link, which needs the server’s public URL (SEMANTEST_PUBLIC_URL)');
  return out;
}
