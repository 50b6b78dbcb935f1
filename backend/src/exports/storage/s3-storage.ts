/**
 * Any S3-compatible store (AWS S3, MinIO, GCS interoperability). Uploads
 * stream through lib-storage's multipart Upload (bounded: queueSize × partSize
 * in memory); objects are written with server-side encryption (SSE-S3).
 */
import { DeleteObjectCommand, GetObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { checkKey, counting, type ExportStorage } from './export-storage.ts';

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every key (e.g. `semantest/`); may be empty. */
  prefix?: string;
  client: S3ClientConfig;
}

const PART_BYTES = 8 * 1024 * 1024;

export class S3ExportStorage implements ExportStorage {
  readonly kind = 's3' as const;
  readonly #client: S3Client;

  constructor(private readonly opts: S3StorageOptions) {
    this.#client = new S3Client(opts.client);
  }

  #key(key: string): string {
    return `${this.opts.prefix ?? ''}${checkKey(key)}`;
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const counted = counting(body);
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.opts.bucket, Key: this.#key(key), Body: counted.stream, ServerSideEncryption: 'AES256' },
      queueSize: 2,
      partSize: PART_BYTES,
      leavePartsOnError: false,
    });
    await upload.done();
    return { bytes: counted.bytes() };
  }

  async get(key: string): Promise<Readable> {
    const out = await this.#client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.#key(key) }));
    if (!(out.Body instanceof Readable)) throw new Error('S3 body is not a Node stream');
    return out.Body;
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.#key(key) }));
  }

  close(): void {
    this.#client.destroy();
  }
}
