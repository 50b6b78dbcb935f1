/**
 * Export jobs and their signed downloads. The expiry sweeper starts when the
 * server listens (onListen), so tests that only inject() never run it.
 */
import type { FastifyInstance } from 'fastify';
import exportJobRoutes from './jobs.ts';
import downloadRoute from './download.ts';

export default async function exportRoutes(app: FastifyInstance) {
  await app.register(exportJobRoutes);
  await app.register(downloadRoute);
  app.addHook('onListen', async () => {
    app.services.exports.startSweeper();
    // PGlite: this process owns DATA_DIR, so unfinished jobs are leftovers of a stopped server.
    if (app.services.metadata.kind === 'pglite') await app.services.exports.recoverInterrupted();
  });
}
