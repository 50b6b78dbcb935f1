/**
 * The stored form of an encrypted field: `enc:v<version>:<base64(iv ‖ ciphertext ‖ tag)>`.
 * AES-256-GCM, fresh random 12-byte IV per value (values are never compared
 * encrypted, so no deterministic IV is needed). Tag appended after the
 * ciphertext because that is what ClickHouse's decrypt('aes-256-gcm') expects,
 * so the same envelope decrypts in SQL (see decrypt-sql.ts) and in Node.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const envelopePrefix = (version: number): string => `enc:v${version}:`;

export function encryptValue(plain: string, key: Buffer, version: number): string {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([iv, c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
  return envelopePrefix(version) + body.toString('base64');
}

/** The plaintext, or undefined when the value is not an envelope or does not authenticate. */
export function decryptValue(stored: string, keyFor: (version: number) => Buffer): string | undefined {
  const m = /^enc:v(\d+):([A-Za-z0-9+/=]*)$/.exec(stored);
  if (!m) return undefined;
  const body = Buffer.from(m[2]!, 'base64');
  if (body.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', keyFor(Number(m[1])), body.subarray(0, IV_BYTES));
    d.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([d.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
