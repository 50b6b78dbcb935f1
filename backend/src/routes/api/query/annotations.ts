/** POST /api/v1/annotations — failed runs / new failures as Grafana annotation events. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { FilterSchema, TimeValue, type Filter } from '@semantest/query-model';
import { requireOperation } from '../../../security/permissions.ts';
import { toAppError } from '../../../queries/query-errors.ts';

const Body = Type.Object({
  kind: Type.Enum(['failed_runs', 'new_failures']),
  range: Type.Object({ from: TimeValue, to: TimeValue }),
  filters: Type.Optional(Type.Array(FilterSchema, { maxItems: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: false });

export default async function annotationsRoute(app: FastifyInstance) {
  app.post(
    '/api/v1/annotations',
    { config: { keyKinds: ['query', 'admin', 'grafana'] }, schema: { tags: ['query'], summary: 'Annotation events', security: [{ bearer: [] }], body: Body } },
    async (request) => {
      const access = await requireOperation(request, 'read');
      const b = request.body as { kind: 'failed_runs' | 'new_failures'; range: { from: number | string; to: number | string }; filters?: Filter[]; limit?: number };
      try {
        const annotations = await app.services.queries.annotations(access, {
          kind: b.kind, timeRange: b.range, ...(b.filters ? { filters: b.filters } : {}), ...(b.limit ? { limit: b.limit } : {}),
        });
        return { annotations };
      } catch (err) {
        throw toAppError(err);
      }
    },
  );
}
