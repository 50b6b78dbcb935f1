/**
 * Where export files live. Keys are `<tenantId>/exports/<jobId>.<ext>`: the
 * tenant prefix is part of every key, so a store can be shared by tenants and
 * a listing or a lifecycle rule can be scoped to one tenant.
 */
import { Transform, type Readable } from 'node:stream';

export interface ExportStorage {
  readonly kind: 'local' | 's3' | 'azure';
  /** Consumes `body` to the end (streaming, bounded memory); bytes = stored plaintext size. */
  put(key: string, body: Readable): Promise<{ bytes: number }>;
  /** The stored plaintext, decrypted if the store encrypts. */
  get(key: string): Promise<Readable>;
  /** Idempotent: a missing object is not an error. */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f-]{36}\/exports\/[0-9a-f-]{36}(?:\.r\d{1,15})?\.[a-z]+(?:\.gz|\.zst)?$/;

/**
 * `token` (the job's fencing token) gives every run of a job its own key
 * `<jobId>.r<token>.<ext>`: a run whose lease was taken over writes its own
 * object, which is published (stored as the job's key) only if its finish is
 * accepted, so a stale run can never overwrite the file of the run that won.
 */
export function exportKey(tenantId: string, jobId: string, ext: string, token?: number): string {
  return checkKey(`${tenantId}/exports/${jobId}${token === undefined ? '' : `.r${token}`}.${ext}`);
}

/** Stores accept only keys of this shape: no traversal, tenant id first. */
export function checkKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error(`invalid export storage key ${JSON.stringify(key)}`);
  return key;
}

export function tenantOfKey(key: string): string {
  return checkKey(key).slice(0, 36);
}

/**
 * `body` piped through a byte counter for uploads. A Transform, not a 'data'
 * listener: the uploader must pull, so backpressure holds; an error of
 * `body` fails the returned stream (and so the upload).
 */
export function counting(body: Readable): { stream: Readable; bytes: () => number } {
  let n = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      done(null, chunk);
    },
  });
  body.on('error', (err) => stream.destroy(err));
  body.pipe(stream);
  return { stream, bytes: () => n };
}
