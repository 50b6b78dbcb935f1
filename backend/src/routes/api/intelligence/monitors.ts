/**
 * Monitors per tenant and project: CRUD (admin key or Grafana Admin),
 * preview of an unsaved config over the stored history, and "evaluate now".
 * Config validation is resolveMonitorConfig's (VALIDATION_FAILED → 400).
 */
import type { FastifyInstance } from 'fastify';
import { resolveMonitorConfig, type MonitorConfigInput } from '../../../intelligence/monitors/config.ts';
import { previewMonitor } from '../../../intelligence/monitors/preview.ts';
import { fetchHistories } from '../../../intelligence/service/evaluation.ts';
import type { MonitorInput } from '../../../intelligence/store/monitors-store.ts';
import { AppError } from '../../../errors/app-error.ts';
import { Problem, Project, READ_KINDS, TimeValue, WRITE_KINDS, parseTime, reader, writer } from './access.ts';
import { requireUnrestrictedRead, restrictionsOf } from '../../../security/raw-read-guard.ts';
import { requestAccess } from '../../../security/request-access.ts';

const DAY_MS = 86_400_000;
const Policy = {
  type: 'object', additionalProperties: false,
  properties: {
    autoQuarantine: { type: 'boolean' }, on: { type: 'array', items: { type: 'string', enum: ['flaky', 'broken'] } },
    owner: { type: 'string', maxLength: 200 }, expiryDays: { anyOf: [{ type: 'integer', minimum: 1, maximum: 3650 }, { type: 'null' }] },
    autoRelease: { type: 'boolean' },
  },
};
const MonitorBody = {
  type: 'object', additionalProperties: false, required: ['name'],
  properties: { project: Project, name: { type: 'string', minLength: 1, maxLength: 200 }, enabled: { type: 'boolean' }, config: { type: 'object' }, quarantinePolicy: Policy },
};
const schema = (summary: string, extra: Record<string, unknown> = {}) => ({ tags: ['intelligence'], summary, security: [{ bearer: [] }], response: { '4xx': Problem }, ...extra });

function validated(body: MonitorInput): MonitorInput {
  resolveMonitorConfig(body.config ?? {}); // throws VALIDATION_FAILED with the field
  return body;
}

export default async function monitorRoutes(app: FastifyInstance) {
  const intel = () => app.services.intelligence;

  app.get<{ Querystring: { project?: string } }>('/api/v1/monitors', { config: READ_KINDS, schema: schema('List monitors', { querystring: { type: 'object', properties: { project: Project } } }) }, async (request) => {
    const { tenant } = reader(request);
    const monitors = await intel().monitors.list(tenant, request.query.project);
    return { monitors: monitors.map((m) => ({ ...m, resolvedConfig: resolveMonitorConfig(m.config) })) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/monitors/:id', { config: READ_KINDS, schema: schema('Get a monitor') }, async (request) => {
    const { tenant } = reader(request);
    const m = await intel().monitors.get(tenant, request.params.id);
    return { ...m, resolvedConfig: resolveMonitorConfig(m.config) };
  });

  app.post<{ Body: MonitorInput }>('/api/v1/monitors', { config: WRITE_KINDS, schema: schema('Create the monitor of a project', { body: { ...MonitorBody, required: ['project', 'name'] } }) }, async (request, reply) => {
    const { tenant, actor } = writer(request, 'Admin');
    return reply.status(201).send(await intel().monitors.create(tenant, validated(request.body), actor));
  });

  app.put<{ Params: { id: string }; Body: MonitorInput }>('/api/v1/monitors/:id', { config: WRITE_KINDS, schema: schema('Replace a monitor', { body: MonitorBody }) }, async (request) => {
    const { tenant } = writer(request, 'Admin');
    const current = await intel().monitors.get(tenant, request.params.id);
    if (request.body.project !== undefined && request.body.project !== current.project) {
      throw new AppError('VALIDATION_FAILED', 'A monitor cannot move to another project.', { extra: { field: 'project' } });
    }
    return intel().monitors.update(tenant, request.params.id, validated({ ...request.body, project: current.project }));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/monitors/:id', { config: WRITE_KINDS, schema: schema('Delete a monitor') }, async (request, reply) => {
    const { tenant } = writer(request, 'Admin');
    await intel().monitors.remove(tenant, request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Body: { project: string; config?: MonitorConfigInput; from?: string | number; to?: string | number; asOf?: string | number } }>(
    '/api/v1/monitors/preview',
    { config: READ_KINDS, schema: schema('What a monitor config would flag, before saving it', {
      body: { type: 'object', additionalProperties: false, required: ['project'], properties: { project: Project, config: { type: 'object' }, from: TimeValue, to: TimeValue, asOf: TimeValue } },
    }) },
    async (request) => {
      // The preview lists test names from hand-written history SQL: no row policies or masks there.
      await requireUnrestrictedRead(request, { dataset: 'results', fields: ['project', 'test', 'branch'], instead: 'the test_states dataset through POST /api/v1/query' });
      const { tenant } = reader(request);
      const asOf = parseTime(request.body.asOf ?? request.body.to, 'asOf', Date.now());
      const from = parseTime(request.body.from, 'from', asOf - intel().lookbackDays * DAY_MS);
      resolveMonitorConfig(request.body.config ?? {});
      const histories = await fetchHistories(app.services.analytics, tenant, request.body.project, from, asOf);
      return previewMonitor(request.body.config ?? {}, histories, asOf);
    },
  );

  app.post<{ Body: { project?: string; asOf?: string | number } }>(
    '/api/v1/monitors/evaluate',
    { config: WRITE_KINDS, schema: schema('Evaluate the monitors now (all projects, or one) and update test states', {
      body: { type: 'object', additionalProperties: false, properties: { project: Project, asOf: TimeValue } },
    }) },
    async (request) => {
      const { tenant } = writer(request, 'Editor');
      const now = parseTime(request.body?.asOf, 'asOf', Date.now());
      const evaluated = await intel().evaluateAll(now, tenant, request.body?.project);
      // The evaluation runs as the tenant over all its data (a write); its per-project counts describe
      // tests a caller under row policies or a name mask may not see, so such a caller gets none.
      if (restrictionsOf(await requestAccess(request), { dataset: 'results', fields: ['project', 'test', 'branch'] }).length === 0) return { evaluated };
      return { evaluated: evaluated.map(({ project, monitorId }) => ({ project, monitorId })), countsOmitted: 'row policies or masking apply to this caller' };
    },
  );
}
