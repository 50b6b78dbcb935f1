/**
 * Export jobs, export schedules and signed downloads. The expiry sweeper and
 * the schedule loop start when the server listens (onListen), so tests that
 * only inject() never run them (scheduler tests call tick(now) directly).
 */
import type { FastifyInstance } from 'fastify';
import exportJobRoutes from './jobs.ts';
import downloadRoute from './download.ts';
import exportScheduleRoutes from './schedules.ts';

export default async function exportRoutes(app: FastifyInstance) {
  await app.register(exportJobRoutes);
  await app.register(downloadRoute);
  await app.register(exportScheduleRoutes);
  app.addHook('onListen', async () => {
    app.services.exports.startSweeper();
    app.services.exports.scheduler.start(30_000, (jobs) => {
      for (const job of jobs)
        app.services.audit.record({
          tenantId: job.tenantId,
          actor: `export-schedule:${job.scheduleId}`,
          actorKind: 'service',
          action: 'export.scheduled',
          resource: `export:${job.id}`,
          outcome: 'success',
          risk: 'medium',
          details: { tickAt: job.tickAt, format: job.format, owner: job.createdBy },
        });
    });
    // PGlite: this process owns DATA_DIR, so unfinished jobs are leftovers of a stopped server.
    if (app.services.metadata.kind === 'pglite') await app.services.exports.recoverInterrupted();
  });
}
