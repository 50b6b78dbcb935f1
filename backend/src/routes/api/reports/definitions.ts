/** Report definition CRUD plus pause/resume. Every change is audited. */
import type { FastifyInstance } from 'fastify';
import { auditChange as recordChange } from '../../../audit/audit-change.ts';
import { Type } from 'typebox';
import { requireOperation } from '../../../security/permissions.ts';
import { requestAccess, type RequestAccess } from '../../../security/request-access.ts';
import { reportsFor } from '../../../reports/scheduler/open-reports.ts';
import { checkedDefinition, idOf, publicReport } from './access.ts';

export const config = { keyKinds: ['query', 'admin', 'grafana'] as const };
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Body = Type.Object({}, { additionalProperties: true });
export const schema = (summary: string, extra: Record<string, unknown> = {}) => ({
  tags: ['reports'],
  summary,
  security: [{ bearer: [] }],
  ...extra,
});

export function auditChange(app: FastifyInstance, access: RequestAccess, action: string, id: string, details: Record<string, unknown> = {}): void {
  recordChange(app, access, action, `report:${id}`, details);
}

export default async function reportDefinitionRoutes(app: FastifyInstance) {
  const reports = () => reportsFor(app.services).store;

  app.post(
    '/api/v1/reports',
    { config, schema: schema('Create a report definition', { body: Body }) },
    async (request, reply) => {
      const access = await requireOperation(request, 'report.write');
      const def = checkedDefinition(access, request.body);
      const p = access.compilePrincipal;
      const ownerEmail = p.kind === 'user' ? p.email : undefined;
      const report = await reports().create(access.auth.tenant.id, access.actor, def, ownerEmail);
      auditChange(app, access, 'report.create', report.id, {
        name: def.name,
        schedule: def.schedule ?? null,
        runAs: def.runAs,
      });
      return reply.code(201).header('location', `/api/v1/reports/${report.id}`).send(publicReport(report));
    }
  );

  app.get('/api/v1/reports', { config, schema: schema('List report definitions') }, async (request) => {
    const access = await requestAccess(request);
    return { reports: (await reports().list(access.auth.tenant.id)).map(publicReport) };
  });

  app.get(
    '/api/v1/reports/:id',
    { config, schema: schema('One report definition', { params: IdParams }) },
    async (request) => {
      const access = await requestAccess(request);
      return publicReport(await reports().require(access.auth.tenant.id, idOf(request)));
    }
  );

  app.put(
    '/api/v1/reports/:id',
    { config, schema: schema('Replace a report definition', { params: IdParams, body: Body }) },
    async (request) => {
      const access = await requireOperation(request, 'report.write');
      const def = checkedDefinition(access, request.body);
      const before = await reports().require(access.auth.tenant.id, idOf(request));
      // A webhook secret shown as ******** in GET and sent back unchanged keeps its stored value.
      def.channels = def.channels.map((c, i) => {
        const old = before.definition.channels[i];
        return c.kind === 'webhook' && c.secret === '********' && old?.kind === 'webhook'
          ? { ...c, secret: old.secret }
          : c;
      });
      const report = await reports().update(access.auth.tenant.id, before.id, def);
      auditChange(app, access, 'report.update', report.id, {
        name: def.name,
        schedule: def.schedule ?? null,
        runAs: def.runAs,
      });
      return publicReport(report);
    }
  );

  app.delete(
    '/api/v1/reports/:id',
    { config, schema: schema('Delete a report and its run history', { params: IdParams }) },
    async (request, reply) => {
      const access = await requireOperation(request, 'report.write');
      await reports().delete(access.auth.tenant.id, idOf(request));
      auditChange(app, access, 'report.delete', idOf(request));
      return reply.code(204).send();
    }
  );

  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/v1/reports/:id/${verb}`,
      { config, schema: schema(`${verb === 'pause' ? 'Pause' : 'Resume'} a report's schedule`, { params: IdParams }) },
      async (request) => {
        const access = await requireOperation(request, 'report.write');
        const report = await reports().setPaused(access.auth.tenant.id, idOf(request), paused);
        auditChange(app, access, `report.${verb}`, report.id);
        return publicReport(report);
      }
    );
  }
}
