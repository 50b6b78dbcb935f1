/**
 * Azure Blob Storage. Uploads stream as staged blocks (uploadStream: at most
 * `maxBuffers` × BLOCK_BYTES in memory), downloads stream the blob body.
 *
 * Encryption at rest: Azure Storage encrypts every blob server-side (AES-256,
 * "Storage Service Encryption"), always on and not something a client can
 * turn off, so unlike S3 there is no per-request SSE flag to send. Customer-
 * managed keys are an account setting, outside this code.
 *
 * Downloads go through our own signed links (download-link.ts) like the other
 * stores, not SAS URLs: the link is checked against the job (tenant, expiry,
 * still existing) on every use, so deleting an export kills its links, and
 * the storage account never needs to be reachable by the user.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { Readable } from 'node:stream';
import { checkKey, counting, type ExportStorage } from './export-storage.ts';

export interface AzureStorageOptions {
  /** An Azure Storage connection string (AccountName/AccountKey/BlobEndpoint, or a SAS). */
  connectionString: string;
  container: string;
  /** Prepended to every blob name (e.g. `semantest/`); may be empty. */
  prefix?: string;
}

const BLOCK_BYTES = 4 * 1024 * 1024;
const MAX_BUFFERS = 2;

export class AzureExportStorage implements ExportStorage {
  readonly kind = 'azure' as const;
  readonly #container: ContainerClient;

  constructor(private readonly opts: AzureStorageOptions) {
    this.#container = BlobServiceClient.fromConnectionString(opts.connectionString).getContainerClient(opts.container);
  }

  #name(key: string): string {
    return `${this.opts.prefix ?? ''}${checkKey(key)}`;
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const counted = counting(body);
    await this.#container.getBlockBlobClient(this.#name(key)).uploadStream(counted.stream, BLOCK_BYTES, MAX_BUFFERS);
    return { bytes: counted.bytes() };
  }

  async get(key: string): Promise<Readable> {
    const res = await this.#container.getBlobClient(this.#name(key)).download();
    const body = res.readableStreamBody;
    if (!(body instanceof Readable)) throw new Error('Azure blob body is not a Node stream');
    return body;
  }

  async delete(key: string): Promise<void> {
    await this.#container.getBlobClient(this.#name(key)).deleteIfExists();
  }
}
