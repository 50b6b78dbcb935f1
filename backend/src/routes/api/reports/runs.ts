/**
 * Run now and run history. "Run now" queues the run through the scheduler's
 * claim table (persisted: a crash before or during the run leads to a retry,
 * not a lost run) and answers 202 with the queued run; its progress is read
 * from the history endpoints. Counts computed under the report's principal
 * are withheld from readers that row policies restrict (run-view.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors/app-error.ts';
import { requireOperation } from '../../../security/permissions.ts';
import { requestAccess } from '../../../security/request-access.ts';
import { reportsFor } from '../../../reports/scheduler/open-reports.ts';
import { config, IdParams, schema } from './definitions.ts';
import { auditChange } from './definitions.ts';
import { idOf } from './access.ts';
import { countsVisibleTo, runView } from './run-view.ts';

const HistoryQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
const RunParams = Type.Object({ id: Type.String({ maxLength: 64 }), runId: Type.String({ maxLength: 64 }) });

export default async function reportRunRoutes(app: FastifyInstance) {
  app.post(
    '/api/v1/reports/:id/run',
    { config, schema: schema('Queue a run of a report now (202; poll the run)', { params: IdParams }) },
    async (request, reply) => {
      const access = await requireOperation(request, 'report.write');
      const r = reportsFor(app.services);
      const report = await r.store.require(access.auth.tenant.id, idOf(request));
      const run = await r.scheduler.enqueue(report, access.actor);
      auditChange(app, access, 'report.run_now', report.id, { runId: run.id });
      r.scheduler.poke();
      return reply
        .code(202)
        .header('location', `/api/v1/reports/${report.id}/runs/${run.id}`)
        .send(run);
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
      const runs = await r.runs.history(report.tenantId, report.id, (request.query as { limit?: number }).limit ?? 100);
      const visible = countsVisibleTo(access);
      return { runs: runs.map((run) => runView(run, visible)) };
    }
  );

  app.get(
    '/api/v1/reports/:id/runs/:runId',
    { config, schema: schema('One run of a report (status, sizes, error)', { params: RunParams }) },
    async (request) => {
      const access = await requestAccess(request);
      const r = reportsFor(app.services);
      const report = await r.store.require(access.auth.tenant.id, idOf(request));
      const runId = (request.params as { runId: string }).runId;
      const run = /^[0-9a-f-]{36}$/i.test(runId) ? await r.runs.get(runId) : undefined;
      if (!run || run.reportId !== report.id) throw new AppError('NOT_FOUND', 'No such run of this report.');
      return runView(run, countsVisibleTo(access));
    }
  );
}
