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
    // Callback-style: it runs on every request with a body, and almost none is compressed, so
    // the common path hands the stream on without a promise or a microtask turn.
    app.addHook('preParsing', (request, _reply, payload, done) => {
      const header = request.headers['content-encoding'];
      if (header === undefined) {
        done(null, payload);
        return;
      }
      const encoding = String(header).toLowerCase();
      if (encoding === 'identity') {
        done(null, payload);
        return;
      }
      if (encoding !== 'gzip' && encoding !== 'x-gzip') {
        done(new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not supported; use gzip or none.`));
        return;
      }
      const gunzip = createGunzip();
      gunzip.on('error', () => undefined); // surfaced through the parser as INGEST_BAD_GZIP
      // The decompressed length is unknown: drop the compressed Content-Length.
      delete request.headers['content-length'];
      done(null, payload.pipe(gunzip));
    });
  },
  { name: 'gzip-bodies' },
);
