/**
 * POST /api/v1/runs — one run as JSON, or as NDJSON (a `run` header line, then
 * `result` and `perf` lines) for large batches. POST /api/v1/results is the
 * NDJSON alias.
 */
import type { FastifyInstance } from 'fastify';
import { JsonRunSchema, jsonToReport, type JsonRun } from '../../../ingest/json-run.ts';
import { parseNdjsonRun } from '../../../ingest/ndjson-run.ts';
import { acceptRun, checkIngestRate, IngestResponseSchema, ProblemSchema } from './accept.ts';

const INGEST_KINDS = ['ingest', 'admin'] as const;
const responses = { 200: IngestResponseSchema, 201: IngestResponseSchema, '4xx': ProblemSchema, '5xx': ProblemSchema };

export default async function runsRoutes(app: FastifyInstance) {
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
      const result = await acceptRun(request, meta, jsonToReport(results, perf), JSON.stringify(body));
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
