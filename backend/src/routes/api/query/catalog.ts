/** GET /api/v1/catalog — datasets, metrics, dimensions and units (the query editor's menus). */
import type { FastifyInstance } from 'fastify';
import { DATASETS } from '@semantest/query-model';
import { requireOperation } from '../../../security/permissions.ts';
import { roleRank } from '../../../security/access-settings.ts';

export default async function catalogRoute(app: FastifyInstance) {
  app.get(
    '/api/v1/catalog',
    { config: { keyKinds: ['query', 'admin', 'grafana'] }, schema: { tags: ['query'], summary: 'What can be queried', security: [{ bearer: [] }] } },
    async (request) => {
      const access = await requireOperation(request, 'read');
      // Datasets above the caller's role (the audit log) are listed as not queryable rather than hidden.
      return {
        datasets: DATASETS.map((d) => ({ ...d, queryable: roleRank(access.role) >= roleRank(d.minRole) })),
      };
    },
  );
}
