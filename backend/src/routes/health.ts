/**
 * /healthz: the process is up and its stores answer. /readyz: it also accepts
 * writes (queue not full, not shutting down). Both are public.
 */
import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance, opts: { isShuttingDown: () => boolean }) {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => {
    await app.services.analytics.query('SELECT 1 AS ok');
    return { status: 'ok' };
  });
  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness' } }, async (_request, reply) => {
    const { queuedRows } = app.services.queue.stats;
    const ready = !opts.isShuttingDown() && queuedRows < app.services.config.ingest.maxQueuedRows;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', queuedRows });
  });
}
