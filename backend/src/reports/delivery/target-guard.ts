/**
 * Outbound webhooks are URLs a tenant admin typed in. Unless the operator
 * allows it, they may not point at this host or its private network
 * (loopback, RFC 1918, link-local incl. cloud metadata, unique-local, CGNAT),
 * or the product becomes a proxy into the operator's network (SSRF).
 * The check resolves every address of the host. Known limit: a DNS answer
 * that changes between this check and the request is not caught.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DeliveryError } from './errors.ts';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is matched against the IPv4 rules by BlockList itself.
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

export type TargetGuard = (channel: string, url: string) => Promise<void>;

export const allowAnyTarget: TargetGuard = async () => undefined;

export const refusePrivateTargets: TargetGuard = async (channel, url) => {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    throw new DeliveryError(channel, 'the URL is not valid');
  }
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new DeliveryError(channel, `cannot resolve ${host}`);
  for (const { address, family } of addresses) {
    if (PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4')) {
      throw new DeliveryError(channel, `${host} resolves to a private or loopback address; delivery there is not allowed (SEMANTEST_ALLOW_PRIVATE_WEBHOOKS)`);
    }
  }
};
