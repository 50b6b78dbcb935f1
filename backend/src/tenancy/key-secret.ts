/**
 * API key secrets: 192 bits from the CSPRNG with a readable prefix
 * (`smt_<kind>_…`) so leaked keys are recognisable by scanners. Only the
 * SHA-256 of the secret is stored; a slow KDF would add latency to every
 * request for no gain on a high-entropy secret.
 */
import * as crypto from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';
import type { KeyKind } from './types.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

export function newKeySecret(kind: KeyKind): string {
  // 32 chars × log2(62) ≈ 190 bits (the modulo bias costs < 1 bit in total).
  return `smt_${kind}_${base62(randomBytes(32))}`;
}

/** crypto.hash (Node ≥ 20.12): the one-shot digest, a third of createHash's cost on every request; same bytes. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function hashKeySecret(secret: string): string {
  return oneShot ? oneShot('sha256', secret, 'hex') : createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, secret.indexOf('_', 4) + 5);
}

export const KEY_SHAPE = /^smt_(ingest|query|admin|grafana)_[0-9A-Za-z]{32}$/;
