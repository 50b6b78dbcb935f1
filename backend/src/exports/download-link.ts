/**
 * Signed, expiring download links. The token is
 *   base64url(JSON {v, t: tenantId, j: jobId, e: expiry epoch s}) "." base64url(HMAC-SHA256)
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

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class DownloadLinks {
  constructor(private readonly key: Buffer) {}

  sign(claims: LinkClaims): string {
    const payload = b64(JSON.stringify({ v: 1, t: claims.tenantId, j: claims.jobId, e: Math.floor(claims.expiresAt.getTime() / 1000) }));
    return `${payload}.${this.#mac(payload)}`;
  }

  /** Throws EXPORT_LINK_INVALID (403) for anything not signed by us, EXPORT_LINK_EXPIRED (410) when past expiry. */
  verify(token: string, now = new Date()): LinkClaims {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0) throw invalid();
    const expected = Buffer.from(this.#mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { v: number; t: string; j: string; e: number };
    if (body.v !== 1 || typeof body.t !== 'string' || typeof body.j !== 'string' || typeof body.e !== 'number') throw invalid();
    if (body.e * 1000 <= now.getTime()) throw new AppError('EXPORT_LINK_EXPIRED', 'This download link has expired; ask for a new one.');
    return { tenantId: body.t, jobId: body.j, expiresAt: new Date(body.e * 1000) };
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

const invalid = () => new AppError('EXPORT_LINK_INVALID', 'The download link is not valid.');
