/** Run now and run history. "Run now" executes synchronously and answers with the finished run row. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireOperation } from '../../../security/permissions.ts';
import { requestAccess } from '../../../security/request-access.ts';
import { reportsFor } from '../../../reports/scheduler/open-reports.ts';
import { config, IdParams, schema } from './definitions.ts';
import { idOf } from './access.ts';

const HistoryQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

export default async function reportRunRoutes(app: FastifyInstance) {
  app.post(
    '/api/v1/reports/:id/run',
    { config, schema: schema('Run a report now', { params: IdParams }) },
    async (request) => {
      const access = await requireOperation(request, 'report.write');
      const r = reportsFor(app.services);
      const report = await r.store.require(access.auth.tenant.id, idOf(request));
      return r.runner.run(report, { kind: 'manual', actor: access.actor });
    }
  );

  app.get(
    '/api/v1/reports/:id/runs',
    {
      config,
      schema: schema('Run history of a report, newest first', { params: IdParams, querystring: HistoryQuery }),
    },
    async (request) => {
      const access = await requestAccess(request);
      const r = reportsFor(app.services);
      const report = await r.store.require(access.auth.tenant.id, idOf(request));
      return {
        runs: await r.runs.history(report.tenantId, report.id, (request.query as { limit?: number }).limit ?? 100),
      };
    }
  );
}
