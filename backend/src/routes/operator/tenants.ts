/**
 * PUT creates or converges a tenant (idempotent: the same body twice changes
 * nothing the second time); GET reads it. A Grafana org already mapped to
 * another tenant is a 409, never a silent re-map.
 */
import type { FastifyInstance } from 'fastify';
import type { OperatorTenancy, TenantSpec } from '../../grafana/semantest/operator-tenancy.ts';
import { AppError } from '../../errors/app-error.ts';
import { auditOperatorChange } from './audit.ts';
import { operatorRoute, SlugParams } from './schemas.ts';

export default async function tenantRoutes(app: FastifyInstance, { ops }: { ops: OperatorTenancy }) {
  app.put<{ Params: { slug: string }; Body: TenantSpec }>(
    '/api/v1/operator/tenants/:slug',
    {
      schema: {
        ...operatorRoute('Create or update a tenant (idempotent)'),
        params: SlugParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            grafanaOrgId: { type: ['integer', 'null'], minimum: 1 },
            retentionDays: { type: 'integer', minimum: 1, maximum: 3650 },
          },
        },
      },
    },
    async (request, reply) => {
      const before = await ops.getTenant(request.params.slug);
      const { tenant, created } = await ops.ensureTenant(request.params.slug, request.body ?? {});
      const changed = created || JSON.stringify(before) !== JSON.stringify(tenant);
      if (changed) {
        auditOperatorChange(app, tenant.id, created ? 'tenant.create' : 'tenant.update', `tenant:${tenant.slug}`, { ...request.body });
      }
      return reply.status(created ? 201 : 200).send({ tenant, created, changed });
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/api/v1/operator/tenants/:slug',
    { schema: { ...operatorRoute('Read a tenant'), params: SlugParams } },
    async (request) => {
      const tenant = await ops.getTenant(request.params.slug);
      if (!tenant) throw new AppError('TENANT_NOT_FOUND', `no tenant with slug "${request.params.slug}"`);
      return { tenant };
    },
  );
}
