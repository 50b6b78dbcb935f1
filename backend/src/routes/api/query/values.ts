/**
 * GET /api/v1/values/:dimension?q=&limit=&dataset=&from=&to= — distinct values
 * for template variables and ad hoc filters. An ordinary compiled query, so
 * tenant guard, policies and masking apply (masked fields list masked values).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireOperation } from '../../../security/permissions.ts';
import { toAppError } from '../../../queries/query-errors.ts';

const Query = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  dataset: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
});

/** Query-string times: epoch ms digits or ISO text. */
const time = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : v);

export default async function valuesRoute(app: FastifyInstance) {
  app.get(
    '/api/v1/values/:dimension',
    {
      config: { keyKinds: ['query', 'admin', 'grafana'] },
      schema: { tags: ['query'], summary: 'Distinct values of a dimension', security: [{ bearer: [] }], querystring: Query, params: Type.Object({ dimension: Type.String({ maxLength: 250 }) }) },
    },
    async (request) => {
      const access = await requireOperation(request, 'read');
      const { dimension } = request.params as { dimension: string };
      const q = request.query as { q?: string; limit?: number; dataset?: string; from?: string; to?: string };
      try {
        const from = time(q.from), to = time(q.to);
        return { values: await app.services.queries.values(access, dimension, { ...q, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }) };
      } catch (err) {
        throw toAppError(err);
      }
    },
  );
}
