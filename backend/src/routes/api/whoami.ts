import type { FastifyInstance } from 'fastify';
import { requireAuth } from '../../plugins/auth.ts';
import { VERSION } from '../../version.ts';

/** GET /api/v1/whoami — which tenant and key a request runs as (datasource health checks use it). */
export default async function whoamiRoute(app: FastifyInstance) {
  app.get(
    '/api/v1/whoami',
    {
      config: { keyKinds: ['ingest', 'query', 'admin', 'grafana'] },
      schema: { tags: ['tenancy'], summary: 'The tenant, key and principal of this request', security: [{ bearer: [] }] },
    },
    async (request) => {
      const { tenant, key, principal } = requireAuth(request);
      return {
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, grafanaOrgId: tenant.grafanaOrgId },
        key: { id: key.id, kind: key.kind, prefix: key.prefix },
        principal,
        version: VERSION,
      };
    },
  );
}
