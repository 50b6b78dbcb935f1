/**
 * Signed, expiring download links. Fastify caps a path parameter at 100
 * characters, so the token is compact binary, base64url:
 *   payload = version (1) | tenant uuid (16) | job uuid (16) | expiry epoch s (4, BE)
 *   token   = b64url(payload) "." b64url(HMAC-SHA256(payload))      (94 chars)
 * keyed with a key derived from the master key. The route checks the
 * signature (constant time), then expiry, then that the job still exists in
 * that tenant; so a link never outlives its export and never crosses tenants.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

export interface LinkClaims {
  tenantId: string;
  jobId: string;
  expiresAt: Date;
}

const VERSION = 1;
const PAYLOAD_BYTES = 1 + 16 + 16 + 4;

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const uuidString = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export class DownloadLinks {
  constructor(private readonly key: Buffer) {}

  sign(claims: LinkClaims): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeUInt8(VERSION, 0);
    uuidBytes(claims.tenantId).copy(payload, 1);
    uuidBytes(claims.jobId).copy(payload, 17);
    payload.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 33);
    return `${payload.toString('base64url')}.${this.#mac(payload).toString('base64url')}`;
  }

  /** Throws EXPORT_LINK_INVALID (403) for anything not signed by us, EXPORT_LINK_EXPIRED (410) when past expiry. */
  verify(token: string, now = new Date()): LinkClaims {
    const [p, m, ...rest] = token.split('.');
    if (!p || !m || rest.length > 0) throw invalid();
    const payload = Buffer.from(p, 'base64url');
    const given = Buffer.from(m, 'base64url');
    // Re-encoding must give back the exact text: no alternative spellings of one token.
    if (payload.length !== PAYLOAD_BYTES || payload.toString('base64url') !== p || given.toString('base64url') !== m)
      throw invalid();
    const expected = this.#mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    if (payload.readUInt8(0) !== VERSION) throw invalid();
    const expiresAt = new Date(payload.readUInt32BE(33) * 1000);
    if (expiresAt.getTime() <= now.getTime())
      throw new AppError('EXPORT_LINK_EXPIRED', 'This download link has expired; ask for a new one.');
    return { tenantId: uuidString(payload.subarray(1, 17)), jobId: uuidString(payload.subarray(17, 33)), expiresAt };
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}

const invalid = () => new AppError('EXPORT_LINK_INVALID', 'The download link is not valid.');
