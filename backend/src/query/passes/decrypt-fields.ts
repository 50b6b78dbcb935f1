import type { Expr } from '../ast/expr.ts';
import { call } from '../ast/call.ts';
import { param, str } from '../ast/param.ts';
import { mapExpr, mapSelectExprs, mapSource } from '../ast/walk.ts';
import { withSelect, type SelectNode } from '../ast/select.ts';
import type { CompileContext, OrgRole } from '../context.ts';

/**
 * Encryption at rest, read side. Stored values of an encrypted field are
 * `enc:v<n>:<base64(iv ‖ ciphertext ‖ tag)>` (security/encryption/envelope.ts).
 * Carried on ctx.tenantSettings.encryption by the security service; absent →
 * this pass changes nothing (so SQL of tenants without encryption is unchanged).
 */
export interface EncryptionContext {
  readonly fields: readonly string[];
  readonly allowedRoles: readonly OrgRole[];
  /** key version → 64-hex AES-256 key; bound as parameters, never printed. */
  readonly keys: ReadonlyMap<number, string>;
}

export const ENCRYPTED_MARKER = '[encrypted]';

const int = (n: number) => param(n, 'Int64');

export function encryptionOf(ctx: CompileContext): EncryptionContext | undefined {
  return (ctx.tenantSettings as { encryption?: EncryptionContext }).encryption;
}

/**
 * Replaces every reference to an encrypted column (projections, filters,
 * GROUP BY, ORDER BY, nested selects, and inside masking expressions since it
 * runs after masking) by:
 *  - allowed role: multiIf over the key versions in use → tryDecrypt(…), a value
 *    that does not authenticate (wrong master key, tampering) or has an unknown
 *    version → the marker; a legacy plaintext row (written before encryption
 *    was enabled) → itself. Filters and grouping therefore work on plaintext.
 *  - any other role: the marker for every non-empty value (legacy plaintext
 *    rows too, so visibility does not depend on when a row was written);
 *    filters and grouping see only the marker, never ciphertext.
 */
export function decryptFieldsPass(s: SelectNode, ctx: CompileContext): SelectNode {
  const enc = encryptionOf(ctx);
  if (!enc || enc.fields.length === 0) return s;
  const role = ctx.principal.role;
  const allowed = role !== undefined && enc.allowedRoles.includes(role);
  const rewrite = (e: Expr): Expr | undefined => {
    if (e.kind !== 'column' || !enc.fields.includes(e.name)) return undefined;
    return allowed ? decryptExpr(e, enc.keys) : call('if', [call('empty', [e]), e, str(ENCRYPTED_MARKER)]);
  };
  const visit = (sel: SelectNode): SelectNode => {
    const inner = mapSelectExprs(sel, (e) => mapExpr(e, rewrite, visit));
    return withSelect(inner, { from: mapSource(inner.from, visit) });
  };
  return visit(s);
}

function decryptExpr(col: Expr, keys: ReadonlyMap<number, string>): Expr {
  const branches: Expr[] = [];
  for (const [version, hexKey] of [...keys].sort((a, b) => a[0] - b[0])) {
    const prefix = `enc:v${version}:`;
    const body = () => call('tryBase64Decode', [call('substring', [col, int(prefix.length + 1)])]);
    const plain = call('tryDecrypt', [
      str('aes-256-gcm'),
      call('substring', [body(), int(13)]), // ciphertext ‖ tag: what ClickHouse's GCM decrypt expects
      call('unhex', [str(hexKey)]),
      call('substring', [body(), int(1), int(12)]), // the IV
    ]);
    branches.push(call('startsWith', [col, str(prefix)]), call('ifNull', [plain, str(ENCRYPTED_MARKER)]));
  }
  branches.push(call('startsWith', [col, str('enc:v')]), str(ENCRYPTED_MARKER), col);
  return call('multiIf', branches);
}
