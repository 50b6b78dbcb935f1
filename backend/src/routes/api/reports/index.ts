/**
 * Report definitions, runs and the scheduler. The scheduler loop starts when
 * the server listens (onListen), so inject()-only tests never run timers;
 * they call scheduler.tick(now) directly.
 */
import type { FastifyInstance } from 'fastify';
import { reportsFor } from '../../../reports/scheduler/open-reports.ts';
import reportDefinitionRoutes from './definitions.ts';
import reportRunRoutes from './runs.ts';

export default async function reportRoutes(app: FastifyInstance) {
  await app.register(reportDefinitionRoutes);
  await app.register(reportRunRoutes);
  app.addHook('onListen', async () => {
    reportsFor(app.services).scheduler.start();
  });
  app.addHook('onClose', async () => {
    await reportsFor(app.services).scheduler.stop();
  });
}
