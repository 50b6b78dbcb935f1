/**
 * Export job API: create, list, get, cancel, retry, delete, download URL.
 * The request (query, format, compression, limit, pivot) is checked in
 * request.ts, shared with export schedules.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { publicView } from '../../../exports/types.ts';
import type { RequestAccess } from '../../../security/request-access.ts';
import { exportAccess, ownedJob, ownerFilter, routeConfig, routeSchema } from './access.ts';
import { auditChange } from '../../../audit/audit-change.ts';
import { prepareRequest, RequestFields } from './request.ts';

/** Exports move data out of the product: every create, link and delete is audited. */
function audit(app: FastifyInstance, access: RequestAccess, action: string, jobId: string, details: Record<string, unknown> = {}): void {
  auditChange(app, access, action, `export:${jobId}`, details);
}

const Body = Type.Object(RequestFields, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const config = routeConfig;
const schema = routeSchema;

export default async function exportJobRoutes(app: FastifyInstance) {
  const exports = app.services.exports;

  app.post(
    '/api/v1/exports',
    { config, schema: schema('Start an export job', { body: Body }) },
    async (request, reply) => {
      const access = await exportAccess(request);
      const req = prepareRequest(access, request.body as Static<typeof Body>);
      const job = await exports.create({
        tenantId: access.auth.tenant.id,
        createdBy: access.actor,
        principal: access.compilePrincipal,
        ...req,
      });
      audit(app, access, 'export.create', job.id, {
        dataset: req.query.dataset,
        format: job.format,
        compression: job.compression,
        ...(req.pivot ? { pivot: req.pivot.field } : {}),
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
