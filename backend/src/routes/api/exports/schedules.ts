/**
 * Export schedules: `POST/GET /api/v1/export-schedules`, `GET/DELETE …/:id`,
 * `POST …/:id/pause|resume`. Same access as export jobs (`export.write`; a
 * schedule is visible to its creator and to admins). Each tick creates an
 * export job owned by the schedule's creator and compiled under the
 * creator's principal with the tenant's policies of that moment.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { validate as validCron } from 'node-cron';
import { AppError } from '../../../errors/app-error.ts';
import { auditChange } from '../../../audit/audit-change.ts';
import { isTimeZone, parseRelative } from '../../../reports/definitions/relative-range.ts';
import { publicSchedule } from '../../../exports/schedule/types.ts';
import { exportAccess, ownerFilter, routeConfig, routeSchema } from './access.ts';
import { prepareRequest, RequestFields } from './request.ts';
import { parseChannels } from '../../../exports/delivery/parse-channels.ts';
import { allowAnyTarget, refusePrivateTargets } from '../../../reports/delivery/target-guard.ts';

const Body = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    cron: Type.String({ minLength: 1, maxLength: 100 }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** A moving window: each tick exports the `last` 30m/24h/7d/2w ending at the tick (exports/schedule/time-window.ts). */
    timeRange: Type.Optional(
      Type.Object(
        { last: Type.String({ minLength: 1, maxLength: 16 }), timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
        { additionalProperties: false }
      )
    ),
    /** Where each tick's download link goes: [{ kind: email, recipients } | { kind: webhook, url, secret } | { kind: slack, url }]. */
    delivery: Type.Optional(Type.Unknown({ description: 'Delivery channels (checked with coded errors, EXPORT_INVALID_DELIVERY).' })),
    ...RequestFields,
  },
  { additionalProperties: false }
);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const config = routeConfig;
const schema = routeSchema;

async function ownedSchedule(request: FastifyRequest) {
  const access = await exportAccess(request);
  const s = await request.server.services.exports.schedules.get(access.auth.tenant.id, (request.params as { id: string }).id);
  const owner = ownerFilter(access);
  if (!s || (owner !== null && s.createdBy !== owner)) throw new AppError('NOT_FOUND', 'No such export schedule in this tenant.');
  return { access, schedule: s };
}

export default async function exportScheduleRoutes(app: FastifyInstance) {
  const schedules = app.services.exports.schedules;

  app.post('/api/v1/export-schedules', { config, schema: schema('Schedule an export (cron + time zone)', { body: Body }) }, async (request, reply) => {
    const access = await exportAccess(request);
    const { name, cron, timezone = 'UTC', timeRange, delivery: channels, ...rest } = request.body as Static<typeof Body>;
    if (!validCron(cron))
      throw new AppError('EXPORT_INVALID_SCHEDULE', `cron ${JSON.stringify(cron)} is not a valid cron expression (e.g. "0 6 * * MON").`);
    if (!isTimeZone(timezone))
      throw new AppError('EXPORT_INVALID_SCHEDULE', `timezone ${JSON.stringify(timezone)} is not an IANA time zone (e.g. Europe/Berlin).`);
    if (timeRange && parseRelative(timeRange.last) === null)
      throw new AppError('EXPORT_INVALID_SCHEDULE', 'timeRange.last must look like 30m, 24h, 7d or 2w (at most a year).');
    if (timeRange?.timezone !== undefined && !isTimeZone(timeRange.timezone))
      throw new AppError('EXPORT_INVALID_SCHEDULE', `timeRange.timezone ${JSON.stringify(timeRange.timezone)} is not an IANA time zone.`);
    const { config } = app.services;
    const delivery = await parseChannels(channels, {
      smtpConfigured: config.reports.smtpUrl !== undefined,
      publicUrl: config.publicUrl,
      guard: config.reports.allowPrivateTargets ? allowAnyTarget : refusePrivateTargets,
    });
    const s = await schedules.insert({
      tenantId: access.auth.tenant.id,
      name,
      createdBy: access.actor,
      principal: access.compilePrincipal,
      request: prepareRequest(access, rest),
      cron,
      timezone,
      ...(timeRange ? { timeRange: { last: timeRange.last, timezone: timeRange.timezone ?? timezone } } : {}),
      ...(delivery.length ? { delivery } : {}),
    });
    auditChange(app, access, 'export.schedule.create', `export-schedule:${s.id}`, {
      cron,
      timezone,
      format: rest.format,
      timeRange: timeRange?.last ?? null,
      delivery: delivery.map((c) => c.kind),
    });
    return reply.code(201).header('location', `/api/v1/export-schedules/${s.id}`).send(publicSchedule(s));
  });

  app.get('/api/v1/export-schedules', { config, schema: schema('List export schedules (own; admins see all)') }, async (request) => {
    const access = await exportAccess(request);
    return { schedules: (await schedules.list(access.auth.tenant.id, ownerFilter(access))).map(publicSchedule) };
  });

  app.get('/api/v1/export-schedules/:id', { config, schema: schema('An export schedule', { params: IdParams }) }, async (request) =>
    publicSchedule((await ownedSchedule(request)).schedule)
  );

  for (const [action, paused] of [['pause', true], ['resume', false]] as const) {
    app.post(`/api/v1/export-schedules/:id/${action}`, { config, schema: schema(`${action} an export schedule`, { params: IdParams }) }, async (request) => {
      const { access, schedule } = await ownedSchedule(request);
      const s = await schedules.setPaused(schedule.tenantId, schedule.id, paused);
      if (!s) throw new AppError('NOT_FOUND', 'No such export schedule in this tenant.');
      auditChange(app, access, `export.schedule.${action}`, `export-schedule:${s.id}`);
      return publicSchedule(s);
    });
  }

  app.delete('/api/v1/export-schedules/:id', { config, schema: schema('Delete an export schedule (its jobs stay)', { params: IdParams }) }, async (request, reply) => {
    const { access, schedule } = await ownedSchedule(request);
    await schedules.delete(schedule.tenantId, schedule.id);
    auditChange(app, access, 'export.schedule.delete', `export-schedule:${schedule.id}`);
    return reply.code(204).send();
  });
}
