/**
 * Every error leaves as application/problem+json with a stable code. Fastify's
 * own errors (validation, body limit, bad JSON, unsupported media type) are
 * mapped to our codes, so no bad input ever becomes a 500.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, toProblem } from '../errors/app-error.ts';

function fromFastifyError(err: FastifyError): AppError | undefined {
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    const first = err.validation
      .slice(0, 5)
      .map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`)
      .join('; ');
    return new AppError('VALIDATION_FAILED', first, { extra: { errors: err.validation.slice(0, 20) } });
  }
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) {
    return new AppError('INGEST_BAD_GZIP', 'The gzip body is corrupt or truncated; nothing was stored.');
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', 'The request body is larger than the configured limit; split the upload or compress it with gzip.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type is not accepted here: ${err.message}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION_FAILED', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('INGEST_MALFORMED_JSON', `The body is not valid JSON: ${err.message}`);
    case 'FST_ERR_CTP_INVALID_CONTENT_ENCODING':
      return new AppError('INGEST_BAD_GZIP', 'The body could not be decompressed; send gzip or identity encoding.');
    default:
      if (err instanceof SyntaxError || err.statusCode === 400) {
        return new AppError('VALIDATION_FAILED', err.message);
      }
      if (err.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', err.message);
      if (err.statusCode === 413) return new AppError('BODY_TOO_LARGE', err.message);
      return undefined;
  }
}

export default fp(
  async function problemErrors(app: FastifyInstance) {
    app.setErrorHandler((rawErr: FastifyError | Error, request, reply) => {
      let err: AppError | undefined =
        rawErr instanceof AppError ? rawErr : fromFastifyError(rawErr as FastifyError);
      if (!err) {
        request.log.error({ err: rawErr }, 'unhandled error');
        err = new AppError('INTERNAL', 'Something went wrong on our side; the request id identifies it in our logs.');
      } else if (err.status >= 500) {
        request.log.warn({ code: err.code }, err.message);
      }
      if (err.headers) void reply.headers(err.headers);
      void reply
        .status(err.status)
        .type('application/problem+json')
        .send(toProblem(err, request.url.split('?')[0]));
    });
    app.setNotFoundHandler((request, reply) => {
      void reply
        .status(404)
        .type('application/problem+json')
        .send(toProblem(new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)));
    });
  },
  { name: 'problem-errors' },
);
