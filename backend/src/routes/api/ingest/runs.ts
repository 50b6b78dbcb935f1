/**
 * POST /api/v1/runs — one run as JSON, or as NDJSON (a `run` header line, then
 * `result` and `perf` lines) for large batches. POST /api/v1/results is the
 * NDJSON alias.
 */
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../../../errors/app-error.ts';
import { JsonRunSchema, jsonToReport, type JsonRun } from '../../../ingest/json-run.ts';
import { parseNdjsonRun } from '../../../ingest/ndjson-run.ts';
import { acceptRun, checkIngestRate, IngestResponseSchema, ProblemSchema } from './accept.ts';

const INGEST_KINDS = ['ingest', 'admin'] as const;
const responses = { 200: IngestResponseSchema, 201: IngestResponseSchema, '4xx': ProblemSchema, '5xx': ProblemSchema };

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's bytes as received: the idempotency hash is taken over them. */
    rawJsonBody?: Buffer;
  }
}

export default async function runsRoutes(app: FastifyInstance) {
  // Keep the bytes of JSON bodies so the content hash need not re-serialize a large run;
  // parsing stays prototype-poisoning safe, as with Fastify's own parser.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawJsonBody = raw;
    if (raw.length === 0) return done(new AppError('VALIDATION_FAILED', 'The JSON body is empty.'), undefined);
    try {
      done(null, secureJson.parse(raw, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      done(new AppError('INGEST_MALFORMED_JSON', `The body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'application/jsonl'], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.post<{ Body: JsonRun | Buffer }>(
    '/api/v1/runs',
    {
      config: { keyKinds: INGEST_KINDS },
      schema: {
        tags: ['ingest'],
        summary: 'Upload one run with its results and performance samples',
        description:
          'JSON (application/json) as below, or NDJSON (application/x-ndjson): first line `{"kind":"run", …run fields}`, then `{"kind":"result", …}` and `{"kind":"perf", …}` lines. Idempotent on runId (or on content when runId is absent). gzip bodies accepted.',
        security: [{ bearer: [] }],
        body: {
          content: {
            'application/json': { schema: JsonRunSchema },
            'application/x-ndjson': { schema: { description: 'NDJSON lines: a run header, then result and perf lines' } },
          },
        },
        response: responses,
      },
      preValidation: async (request) => checkIngestRate(request),
    },
    async (request, reply) => {
      const body = request.body;
      if (Buffer.isBuffer(body)) {
        const { meta, results, perf } = parseNdjsonRun(body);
        const result = await acceptRun(request, meta, jsonToReport(results, perf), body);
        return reply.status(result.status === 'stored' ? 201 : 200).send(result);
      }
      const { results, perf, ...meta } = body;
      const result = await acceptRun(request, meta, jsonToReport(results, perf), request.rawJsonBody ?? JSON.stringify(body));
      return reply.status(result.status === 'stored' ? 201 : 200).send(result);
    },
  );

  app.post<{ Body: Buffer }>(
    '/api/v1/results',
    {
      config: { keyKinds: INGEST_KINDS },
      schema: {
        tags: ['ingest'],
        summary: 'Upload one run as NDJSON (alias of POST /api/v1/runs with application/x-ndjson)',
        security: [{ bearer: [] }],
        response: responses,
      },
      preValidation: async (request) => checkIngestRate(request),
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(JSON.stringify(request.body ?? ''));
      const { meta, results, perf } = parseNdjsonRun(body);
      const result = await acceptRun(request, meta, jsonToReport(results, perf), body);
      return reply.status(result.status === 'stored' ? 201 : 200).send(result);
    },
  );
}
