/**
 * Per-tenant field data keys for encryption at rest. Every key is derived
 * (HKDF-SHA256, salt = tenant id, info = "semantest-field-key-v<version>") from
 * one master secret, so rotation stores nothing but a version number: old rows
 * keep decrypting with the old version's key, new rows use the new one.
 *
 * The master secret is SEMANTEST_MASTER_KEY (64 hex) when configured, else the
 * exports module's DATA_DIR/master.key (reused, not duplicated); in that case a
 * purpose-specific sub-key of it is the HKDF input, so field keys never share
 * key material with export files or download links.
 */
import { hkdfSync } from 'node:crypto';
import { MasterKey } from '../../exports/master-key.ts';

const KEY_BYTES = 32;

export class FieldKeyring {
  private constructor(private readonly secret: (tenantId: string) => Buffer) {}

  /** From a 64-hex master key (config `masterKey`). */
  static fromHex(hex: string): FieldKeyring {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('master key must be 64 hex characters');
    const key = Buffer.from(hex, 'hex');
    return new FieldKeyring(() => key);
  }

  /** Configured key if any, else DATA_DIR/master.key (created 0600 on first use). */
  static fromConfig(config: { masterKey?: string | undefined; dataDir: string }): FieldKeyring {
    if (config.masterKey) return FieldKeyring.fromHex(config.masterKey);
    const master = MasterKey.loadOrCreate(config.dataDir);
    return new FieldKeyring((tenantId) => master.tenantEncryptionKey(tenantId));
  }

  /** The AES-256 key of `tenantId` for key `version` (>= 1). */
  fieldKey(tenantId: string, version: number): Buffer {
    if (!Number.isInteger(version) || version < 1) throw new Error(`bad key version ${version}`);
    return Buffer.from(hkdfSync('sha256', this.secret(tenantId), tenantId, `semantest-field-key-v${version}`, KEY_BYTES));
  }
}
