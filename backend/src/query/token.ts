import { createDecipheriv, createHash } from 'node:crypto';
import type { MaskingRule, Principal } from './context.ts';
import { QueryCompileError } from './errors.ts';

/**
 * Reverses a `tokenize` mask (see passes/mask-methods.ts): base64(iv[12] ‖
 * ciphertext ‖ tag[16]) under AES-256-GCM with key SHA-256("enc:" ‖ maskingKey).
 * Only a principal whose role is exempt from that field's tokenize rule may
 * resolve; everyone else gets MASK_TOKEN_FORBIDDEN (audit it at the route).
 */
export function resolveToken(token: string, field: string, who: Principal, rules: readonly MaskingRule[], maskingKey: string): string {
  const rule = rules.find((r) => r.field === field && r.method === 'tokenize');
  if (!rule) throw new QueryCompileError('MASK_TOKEN_INVALID', 'field is not tokenized');
  if (!who.role || !rule.exemptRoles?.includes(who.role)) {
    throw new QueryCompileError('MASK_TOKEN_FORBIDDEN', 'role may not resolve tokens of this field');
  }
  const raw = Buffer.from(token, 'base64');
  if (raw.length < 12 + 16) throw new QueryCompileError('MASK_TOKEN_INVALID', 'malformed token');
  const key = createHash('sha256').update(`enc:${maskingKey}`).digest();
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw new QueryCompileError('MASK_TOKEN_INVALID', 'token does not verify');
  }
}
