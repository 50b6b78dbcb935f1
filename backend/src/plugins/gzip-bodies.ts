/**
 * Accepts `Content-Encoding: gzip` request bodies. Decompression happens in
 * preParsing, so the body limit applies to the decompressed bytes and a gzip
 * bomb is cut off at the limit instead of filling memory.
 */
import fp from 'fastify-plugin';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.ts';

export default fp(
  async function gzipBodies(app: FastifyInstance) {
    app.addHook('preParsing', async (request, _reply, payload) => {
      const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding === 'identity') return payload;
      if (encoding !== 'gzip' && encoding !== 'x-gzip') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not supported; use gzip or none.`);
      }
      const gunzip = createGunzip();
      gunzip.on('error', () => undefined); // surfaced through the parser as INGEST_BAD_GZIP
      // The decompressed length is unknown: drop the compressed Content-Length.
      delete request.headers['content-length'];
      return payload.pipe(gunzip);
    });
  },
  { name: 'gzip-bodies' },
);
