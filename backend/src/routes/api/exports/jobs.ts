/**
 * Export job API: create, list, get, cancel, retry, delete, download URL.
 * The query is a query-model query (compiled now, so a bad query is a 400
 * here and not a failed job later); the export's own `limit` replaces the
 * model's panel-sized row cap.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { compileQuery } from '../../../query/index.ts';
import { compileContext } from '../../../queries/context.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS } from '../../../exports/formats.ts';
import { publicView } from '../../../exports/types.ts';
import type { RequestAccess } from '../../../security/request-access.ts';
import { exportAccess, ownedJob, ownerFilter } from './access.ts';
import { auditChange } from '../../../audit/audit-change.ts';

/** Exports move data out of the product: every create, link and delete is audited. */
function audit(app: FastifyInstance, access: RequestAccess, action: string, jobId: string, details: Record<string, unknown> = {}): void {
  auditChange(app, access, action, `export:${jobId}`, details);
}

const Body = Type.Object(
  {
    query: Type.Object({}, { additionalProperties: true }),
    format: Type.Enum([...EXPORT_FORMATS]),
    compression: Type.Optional(Type.Enum([...EXPORT_COMPRESSIONS])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
  },
  { additionalProperties: false }
);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const config = { keyKinds: ['query', 'admin', 'grafana'] as const };
const schema = (summary: string, extra: Record<string, unknown> = {}) => ({
  tags: ['exports'],
  summary,
  security: [{ bearer: [] }],
  ...extra,
});

export default async function exportJobRoutes(app: FastifyInstance) {
  const exports = app.services.exports;

  app.post(
    '/api/v1/exports',
    { config, schema: schema('Start an export job', { body: Body }) },
    async (request, reply) => {
      const access = await exportAccess(request);
      const body = request.body as Static<typeof Body>;
      const { limit: _panelLimit, ...query } = body.query as Record<string, unknown>;
      try {
        compileQuery(query, compileContext(access));
      } catch (err) {
        throw toAppError(err);
      }
      const job = await exports.create({
        tenantId: access.auth.tenant.id,
        createdBy: access.actor,
        principal: access.compilePrincipal,
        query,
        format: body.format,
        ...(body.compression ? { compression: body.compression } : {}),
        ...(body.limit ? { limit: body.limit } : {}),
      });
      audit(app, access, 'export.create', job.id, {
        dataset: (query as { dataset?: unknown }).dataset,
        format: job.format,
        compression: job.compression,
      });
      return reply.code(202).header('location', `/api/v1/exports/${job.id}`).send(publicView(job));
    }
  );

  app.get(
    '/api/v1/exports',
    { config, schema: schema('List export jobs (own jobs; admins see all)') },
    async (request) => {
      const access = await exportAccess(request);
      return { exports: (await exports.list(access.auth.tenant.id, ownerFilter(access))).map(publicView) };
    }
  );

  app.get(
    '/api/v1/exports/:id',
    { config, schema: schema('An export job with its progress', { params: IdParams }) },
    async (request) => {
      return publicView((await ownedJob(request, (request.params as { id: string }).id)).job);
    }
  );

  app.post(
    '/api/v1/exports/:id/cancel',
    { config, schema: schema('Cancel a queued or running export', { params: IdParams }) },
    async (request) => {
      const { job } = await ownedJob(request, (request.params as { id: string }).id);
      return publicView(await exports.cancel(job.tenantId, job.id));
    }
  );

  app.post(
    '/api/v1/exports/:id/retry',
    { config, schema: schema('Run a failed or cancelled export again', { params: IdParams }) },
    async (request, reply) => {
      const { job } = await ownedJob(request, (request.params as { id: string }).id);
      return reply.code(202).send(publicView(await exports.retry(job.tenantId, job.id)));
    }
  );

  app.delete(
    '/api/v1/exports/:id',
    { config, schema: schema('Delete an export and its file', { params: IdParams }) },
    async (request, reply) => {
      const { access, job } = await ownedJob(request, (request.params as { id: string }).id);
      await exports.delete(job.tenantId, job.id);
      audit(app, access, 'export.delete', job.id);
      return reply.code(204).send();
    }
  );

  app.get(
    '/api/v1/exports/:id/download-url',
    { config, schema: schema('A signed, expiring download link', { params: IdParams }) },
    async (request) => {
      const { access, job } = await ownedJob(request, (request.params as { id: string }).id);
      const link = await exports.downloadUrl(job.tenantId, job.id, `${request.protocol}://${request.host}`);
      audit(app, access, 'export.link', job.id, { expiresAt: link.expiresAt });
      return link;
    }
  );
}
