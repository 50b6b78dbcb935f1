/**
 * OpenAPI generated from the route schemas that also validate requests, served
 * at /docs (UI) and /docs/json.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.ts';

export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Semantest Analytics API',
          version: VERSION,
          description: 'Test-result ingestion, secure queries, reports and exports. Errors are RFC 9457 problem+json with a stable `code`.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A tenant API key: smt_<kind>_…' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi' },
);
