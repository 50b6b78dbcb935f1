/** Export jobs and their signed downloads. */
import type { FastifyInstance } from 'fastify';
import exportJobRoutes from './jobs.ts';
import downloadRoute from './download.ts';

export default async function exportRoutes(app: FastifyInstance) {
  await app.register(exportJobRoutes);
  await app.register(downloadRoute);
}
