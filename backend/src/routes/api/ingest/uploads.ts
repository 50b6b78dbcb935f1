/**
 * POST /api/v1/uploads — test report files exactly as CI tools write them.
 * The raw file is the body (any content type, gzip accepted), or several files
 * arrive as multipart/form-data; metadata comes from fields, X-Semantest-*
 * headers or query parameters. All files of one upload form one run.
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';
import { AppError } from '../../../errors/app-error.ts';
import { parseReport, ReportFormatError } from '../../../ingest/formats/index.ts';
import type { ParsedReport } from '../../../ingest/model.ts';
import { metaFromRequest, RunMetaSchema, type RunMeta } from '../../../ingest/run-meta.ts';
import { acceptRun, checkIngestRate, IngestResponseSchema, ProblemSchema } from './accept.ts';

const checkMeta = Compile(RunMetaSchema);

interface UploadedFile {
  name: string;
  body: Buffer;
}

const GZIP_MAGIC = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

function inflateIfGzip(file: UploadedFile, limit: number): UploadedFile {
  if (!GZIP_MAGIC(file.body)) return file;
  try {
    return { ...file, body: gunzipSync(file.body, { maxOutputLength: limit }) };
  } catch {
    throw new AppError('INGEST_BAD_GZIP', `${file.name}: the gzip data is corrupt, truncated or over the size limit.`);
  }
}

function parseOne(file: UploadedFile, format: string): ParsedReport {
  try {
    return parseReport(file.body, { format, fileName: file.name });
  } catch (err) {
    if (err instanceof ReportFormatError) throw new AppError(err.code, `${file.name}: ${err.message}`);
    throw err;
  }
}

function mergeReports(reports: ParsedReport[]): ParsedReport {
  if (reports.length === 1) return reports[0]!;
  const starts = reports.map((r) => r.startedAt?.getTime()).filter((t): t is number => t !== undefined);
  return {
    format: [...new Set(reports.map((r) => r.format))].join('+'),
    startedAt: starts.length ? new Date(Math.min(...starts)) : undefined,
    durationMs: reports.reduce((n, r) => n + (r.durationMs ?? 0), 0),
    properties: Object.assign({}, ...reports.map((r) => r.properties ?? {})),
    cases: reports.flatMap((r) => r.cases),
    perf: reports.flatMap((r) => r.perf ?? []),
  };
}

async function readFiles(request: FastifyRequest, fields: Record<string, string>): Promise<UploadedFile[]> {
  if (!request.isMultipart()) {
    const body = request.body as Buffer | undefined;
    return [{ name: String((request.query as Record<string, unknown>).fileName ?? 'upload'), body: body ?? Buffer.alloc(0) }];
  }
  const files: UploadedFile[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') files.push({ name: part.filename || part.fieldname, body: await part.toBuffer() });
    else fields[part.fieldname] = String(part.value);
  }
  if (files.length === 0) throw new AppError('INGEST_NO_FILES', 'The multipart upload has no file part; attach the report as a file field.');
  return files;
}

export default async function uploadRoutes(app: FastifyInstance) {
  const limit = app.services.config.ingest.bodyLimitBytes;
  // Report files arrive with whatever content type the CI tool picked.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));

  app.post(
    '/api/v1/uploads',
    {
      config: { keyKinds: ['ingest', 'admin'] },
      bodyLimit: limit,
      schema: {
        tags: ['ingest'],
        summary: 'Upload test report files (JUnit XML and dialects, TRX, NUnit, go test -json, Mocha, RSpec, Dart JSON)',
        description:
          'Raw file as the body, or multipart/form-data with one or more files (and metadata fields). `format` is a format name or `auto`. Run metadata from query parameters, X-Semantest-* headers or multipart fields; labels as `label.<key>`.',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', default: 'auto', pattern: '^[a-z0-9-]{1,32}$' },
            fileName: { type: 'string', maxLength: 500 },
            runId: { type: 'string' },
            project: { type: 'string' },
            branch: { type: 'string' },
            commitSha: { type: 'string' },
            buildId: { type: 'string' },
            environment: { type: 'string' },
          },
          additionalProperties: true,
        },
        response: { 200: IngestResponseSchema, 201: IngestResponseSchema, '4xx': ProblemSchema, '5xx': ProblemSchema },
      },
      preValidation: async (request) => checkIngestRate(request),
    },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const fields: Record<string, string> = {};
      const files = (await readFiles(request, fields)).map((f) => inflateIfGzip(f, limit));
      const meta = { ...metaFromRequest(query, request.headers), ...metaFromRequest(fields, {}) };
      if (!checkMeta.Check(meta)) {
        const first = [...checkMeta.Errors(meta)][0];
        throw new AppError('VALIDATION_FAILED', `run metadata ${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`);
      }
      const format = String(fields.format ?? query.format ?? 'auto');
      const report = mergeReports(files.map((f) => parseOne(f, format)));
      const content = Buffer.concat(files.flatMap((f) => [Buffer.from(f.name + '\u0000'), f.body]));
      const result = await acceptRun(request, meta as RunMeta, report, content);
      return reply.status(result.status === 'stored' ? 201 : 200).send({ ...result, runIds: [result.runId] });
    },
  );
}
