/**
 * GET /api/v1/stream — server-sent events announcing newly stored results for
 * the caller's tenant, so dashboards update within a second of an upload.
 *
 * Invariants: a connection only ever sees its own tenant's batches. Counts are
 * sent only to principals no row policy restricts; restricted principals get
 * a bare "new data" tick and re-query through the compiler, so the stream
 * cannot leak rows a policy hides. Bursts are coalesced: at most
 * `maxEventsPerSecond` events per connection.
 */
import type { FastifyInstance } from 'fastify';
import { requireAuth } from '../../../plugins/auth.ts';
import type { BatchEvent } from '../../../ingest/queue.ts';

interface Pending {
  runIds: string[];
  results: number;
  passed: number;
  failed: number;
  skipped: number;
}

export default async function streamRoute(app: FastifyInstance, opts: { maxEventsPerSecond?: number; heartbeatMs?: number } = {}) {
  const minGapMs = 1000 / (opts.maxEventsPerSecond ?? 10);
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  // Open streams end when the server closes, or app.close() would wait on them forever.
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/api/v1/stream',
    {
      config: { keyKinds: ['query', 'admin', 'grafana'] },
      schema: {
        tags: ['query'],
        summary: 'Server-sent events: `batch` whenever results for this tenant are stored',
        description: 'Event data: {tenantId, at, runIds?, results?, passed?, failed?, skipped?}. Counts are omitted for principals restricted by row policies.',
        security: [{ bearer: [] }],
      },
    },
    async (request, reply) => {
      const { tenant, principal } = requireAuth(request);
      const security = await app.services.security.load(tenant);
      const restricted = principal.kind === 'user' && (security.policies.length > 0 || security.settings.denyByDefault);

      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ tenantId: tenant.id })}\n\n`);

      let pending: Pending | undefined;
      let lastSent = 0;
      let flushTimer: NodeJS.Timeout | undefined;
      const flush = () => {
        flushTimer = undefined;
        if (!pending) return;
        const at = new Date().toISOString();
        const data = restricted ? { tenantId: tenant.id, at } : { tenantId: tenant.id, at, ...pending };
        reply.raw.write(`event: batch\ndata: ${JSON.stringify(data)}\n\n`);
        pending = undefined;
        lastSent = performance.now();
      };
      const onBatch = (e: BatchEvent) => {
        if (e.tenantId !== tenant.id) return;
        pending ??= { runIds: [], results: 0, passed: 0, failed: 0, skipped: 0 };
        pending.runIds.push(...e.runIds);
        pending.results += e.results;
        pending.passed += e.passed;
        pending.failed += e.failed;
        pending.skipped += e.skipped;
        const wait = lastSent + minGapMs - performance.now();
        if (wait <= 0) flush();
        else flushTimer ??= setTimeout(flush, wait);
      };
      const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), heartbeatMs);
      app.services.queue.on('batch', onBatch);
      const cleanup = () => {
        app.services.queue.off('batch', onBatch);
        clearInterval(heartbeat);
        if (flushTimer) clearTimeout(flushTimer);
      };
      const end = () => {
        cleanup();
        reply.raw.end();
      };
      open.add(end);
      request.raw.on('close', () => {
        cleanup();
        open.delete(end);
      });
      return reply;
    },
  );
}
