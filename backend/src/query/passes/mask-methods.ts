import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { compare } from '../ast/compare.ts';
import { nullValue } from '../ast/misc.ts';
import { namedParam, param, str } from '../ast/param.ts';
import type { MaskingMethod } from '../context.ts';

const int = (n: number) => param(n, 'Int64');

/**
 * SQL for each masking method over a String expression. Keyed methods use the
 * tenant's masking key as the bound `{mkey:String}`, so equal raw values mask
 * equally inside a tenant (grouping works) and differently across tenants.
 */
export function maskExpr(method: MaskingMethod, col: Expr, maskingKey: string): Expr {
  const mkey = () => namedParam('mkey', maskingKey);
  switch (method) {
    case 'redact': return str('[redacted]');
    case 'null': return nullValue();
    case 'hash': // 64 bits of a keyed SHA-256: stable per tenant, not reversible without the key
      return call('substring', [call('hex', [call('SHA256', [call('concat', [mkey(), col])])]), int(1), int(16)]);
    case 'partial': // first two and last two characters; short values are hidden entirely
      return call('if', [
        compare('>', call('lengthUTF8', [col]), int(6)),
        call('concat', [call('substringUTF8', [col, int(1), int(2)]), str('…'), call('substringUTF8', [col, int(-2)])]),
        str('***'),
      ]);
    case 'tokenize': return tokenExpr(col, mkey);
  }
}

/**
 * Reversible, deterministic token: base64(iv ‖ AES-256-GCM(value)). The 12-byte
 * IV is a keyed hash of the value (synthetic IV), so equal values give equal
 * tokens (grouping works) while different values never share a nonce. The data
 * key is SHA-256("enc:" ‖ maskingKey). resolveToken() reverses it for exempt roles.
 */
function tokenExpr(col: Expr, mkey: () => Expr): Expr {
  const iv = () => call('substring', [call('SHA256', [call('concat', [mkey(), str('iv:'), col])]), int(1), int(12)]);
  const key = call('SHA256', [call('concat', [str('enc:'), mkey()])]);
  return call('base64Encode', [call('concat', [iv(), call('encrypt', [str('aes-256-gcm'), col, key, iv()])])]);
}

/** Strongest method first: when several rules hit one field, the strongest wins. */
export const METHOD_STRENGTH: readonly MaskingMethod[] = ['null', 'redact', 'hash', 'tokenize', 'partial'];
