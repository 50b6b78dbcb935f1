/**
 * The tenant's encryption-at-rest setting (tenants.settings.encryptAtRest) and
 * what the compiler and the ingest path derive from it.
 */
import type { OrgRole } from '../../query/index.ts';
import type { FieldKeyring } from './keyring.ts';
import { encryptValue } from './envelope.ts';
import { ENCRYPTED_MARKER, type EncryptionContext } from '../../query/passes/decrypt-fields.ts';

export { ENCRYPTED_MARKER };

export const ENCRYPTABLE_FIELDS = ['error_stack', 'stdout', 'stderr'] as const;
export type EncryptableField = (typeof ENCRYPTABLE_FIELDS)[number];

export interface EncryptAtRest {
  enabled: boolean;
  fields: EncryptableField[];
  /** Roles that read plaintext; everyone else sees ENCRYPTED_MARKER. */
  allowedRoles: OrgRole[];
  /** Key version new rows are written with; versions 1..currentVersion stay readable. */
  currentVersion: number;
}

export function parseEncryptAtRest(raw: unknown): EncryptAtRest | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Partial<EncryptAtRest>;
  const fields = (r.fields ?? []).filter((f): f is EncryptableField => (ENCRYPTABLE_FIELDS as readonly string[]).includes(f));
  const version = Number.isInteger(r.currentVersion) && (r.currentVersion ?? 0) >= 1 ? r.currentVersion! : 1;
  return { enabled: r.enabled === true, fields, allowedRoles: [...(r.allowedRoles ?? [])], currentVersion: version };
}

/**
 * What the query compiler needs (ctx.tenantSettings.encryption): the fields,
 * the allowed roles and the hex key of every version in use (none without a keyring → marker).
 * Present whenever the setting exists — even when disabled now — so rows
 * written while it was enabled still decrypt.
 */
export function compilerEncryption(tenantId: string, s: EncryptAtRest | undefined, keyring: FieldKeyring | undefined): EncryptionContext | undefined {
  if (!s || s.fields.length === 0) return undefined;
  const keys = new Map<number, string>();
  if (keyring) for (let v = 1; v <= s.currentVersion; v++) keys.set(v, keyring.fieldKey(tenantId, v).toString('hex'));
  return { fields: s.fields, allowedRoles: s.allowedRoles, keys };
}

/** The ingest hook: encrypts a non-empty value of an encrypted field with the current key. */
export type FieldEncryptor = (field: EncryptableField, value: string) => string;

export function fieldEncryptor(tenantId: string, s: EncryptAtRest | undefined, keyring: FieldKeyring): FieldEncryptor | undefined {
  if (!s?.enabled || s.fields.length === 0) return undefined;
  const key = keyring.fieldKey(tenantId, s.currentVersion);
  const on = new Set<string>(s.fields);
  return (field, value) => (value && on.has(field) ? encryptValue(value, key, s.currentVersion) : value);
}
