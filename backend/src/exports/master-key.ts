/**
 * The export master key: 32 random bytes in DATA_DIR/master.key, created with
 * mode 0600 on first use (exclusive create, so two processes never write two
 * different keys). Every other key is derived from it with HKDF and a purpose
 * label, so one file backs encryption at rest and download-link signatures
 * without the two uses sharing key material.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_BYTES = 32;

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static loadOrCreate(dataDir: string): MasterKey {
    const file = join(dataDir, 'master.key');
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const key = readFileSync(file);
    if (key.length !== KEY_BYTES) throw new Error(`${file} must hold exactly ${KEY_BYTES} bytes`);
    return new MasterKey(key);
  }

  /** AES-256 key for one tenant's files at rest. */
  tenantEncryptionKey(tenantId: string): Buffer {
    return this.derive('semantest/exports/encryption/v1', tenantId);
  }

  /** HMAC key for signed download links. */
  downloadSigningKey(): Buffer {
    return this.derive('semantest/exports/download-link/v1', '');
  }

  private derive(info: string, salt: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, salt, info, KEY_BYTES));
  }
}
