import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Makes the process's services reachable from every route. */
export default fp(
  async function services(app: FastifyInstance, opts: { services: Services }) {
    app.decorate('services', opts.services);
  },
  { name: 'services' },
);
