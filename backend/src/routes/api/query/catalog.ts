/** GET /api/v1/catalog — datasets, metrics, dimensions, units and row columns (the query editor's menus). */
import type { FastifyInstance } from 'fastify';
import { DATASETS, datasetShapes } from '@semantest/query-model';
import { requireOperation } from '../../../security/permissions.ts';
import { roleRank } from '../../../security/access-settings.ts';

export default async function catalogRoute(app: FastifyInstance) {
  app.get(
    '/api/v1/catalog',
    { config: { keyKinds: ['query', 'admin', 'grafana'] }, schema: { tags: ['query'], summary: 'What can be queried', security: [{ bearer: [] }] } },
    async (request) => {
      const access = await requireOperation(request, 'read');
      // Datasets above the caller's role (the audit log) are listed as not queryable rather than hidden.
      // `shapes` is always spelled out (rows only where the dataset has `rowColumns`), so an editor
      // never offers a shape the dataset refuses.
      return {
        datasets: DATASETS.map((d) => ({ ...d, shapes: datasetShapes(d), queryable: roleRank(access.role) >= roleRank(d.minRole) })),
      };
    },
  );
}
