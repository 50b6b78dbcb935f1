/**
 * The application as a Fastify plugin tree. server.ts only listens; tests
 * build the same app and use inject().
 */
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { Services } from './services.ts';
import servicesPlugin from './plugins/services.ts';
import problemErrors from './plugins/problem-errors.ts';
import auth from './plugins/auth.ts';
import gzipBodies from './plugins/gzip-bodies.ts';
import openapi from './plugins/openapi.ts';
import healthRoutes from './routes/health.ts';
import whoamiRoute from './routes/api/whoami.ts';
import runsRoutes from './routes/api/ingest/runs.ts';
import uploadRoutes from './routes/api/ingest/uploads.ts';
import getRunRoute from './routes/api/runs/get-run.ts';
import keyRoutes from './routes/api/keys/keys.ts';
import queryRoutes from './routes/api/query/index.ts';
import intelligenceRoutes from './routes/api/intelligence/index.ts';
import streamRoute from './routes/api/stream/stream.ts';
import exportRoutes from './routes/api/exports/index.ts';

export interface AppOptions {
  services: Services;
  logger?: boolean | object;
  /** Coalescing limit of /api/v1/stream per connection (default 10 events/s). */
  streamMaxEventsPerSecond?: number;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts.services;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: config.ingest.bodyLimitBytes,
    // Leave room for in-flight batches to finish on close.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  // Requests in flight when close begins end their keep-alive connection with
  // their response; otherwise server.close() waits for the idle timeout.
  // Callback-style (not async): it runs on every response, and an async hook costs a promise
  // and a microtask turn on the way to the socket.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(servicesPlugin, { services: opts.services });
  await app.register(problemErrors);
  await app.register(openapi);
  await app.register(gzipBodies);
  await app.register(auth);

  await app.register(healthRoutes, { isShuttingDown: () => shuttingDown });
  await app.register(whoamiRoute);
  await app.register(runsRoutes);
  // Multipart only where it is used: registered globally, @fastify/multipart adds its hooks to
  // every request (queries included); encapsulated, only the upload route pays for them.
  await app.register(async (uploads) => {
    await uploads.register(multipart, {
      limits: { fileSize: config.ingest.bodyLimitBytes, files: 100, fields: 100, fieldSize: 64 * 1024 },
      throwFileSizeLimit: true,
    });
    await uploads.register(uploadRoutes);
  });
  await app.register(getRunRoute);
  await app.register(keyRoutes);
  await app.register(queryRoutes);
  await app.register(intelligenceRoutes);
  await app.register(streamRoute, { maxEventsPerSecond: opts.streamMaxEventsPerSecond ?? 10 });
  await app.register(exportRoutes);
  await app.register((await import('./routes/api/reports/index.ts')).default);
  await app.register((await import('./routes/operator/index.ts')).default);
  return app;
}
