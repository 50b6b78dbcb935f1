/**
 * POST /api/v1/query — several model queries (or Grafana DataQuery envelopes)
 * per request, each answered with data frames or a per-query error. The
 * compiled SQL is returned only to admins (admin keys, Grafana Admins).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TimeValue } from '@semantest/query-model';
import { requireOperation } from '../../../security/permissions.ts';
import type { BatchRequest } from '../../../queries/query-service.ts';

const Body = Type.Object({
  queries: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 50 }),
  range: Type.Optional(Type.Object({ from: TimeValue, to: TimeValue })),
  intervalMs: Type.Optional(Type.Number({ minimum: 0 })),
  maxDataPoints: Type.Optional(Type.Number({ minimum: 0 })),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  format: Type.Optional(Type.Enum(['auto', 'numeric_multi'])),
});

export default async function panelQueryRoute(app: FastifyInstance) {
  app.post(
    '/api/v1/query',
    {
      config: { keyKinds: ['query', 'admin', 'grafana'] },
      schema: { tags: ['query'], summary: 'Run model queries; Grafana data frames per refId', security: [{ bearer: [] }], body: Body },
    },
    async (request) => {
      const access = await requireOperation(request, 'read');
      const body = request.body as BatchRequest;
      return app.services.queries.runBatch(access, body);
    },
  );
}
