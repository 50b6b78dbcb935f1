/**
 * Tenant key management with an admin key: list, create (secret shown once),
 * revoke. The CLI calls the same KeyService.
 */
import type { FastifyInstance } from 'fastify';
import { requireAuth } from '../../../plugins/auth.ts';
import { KEY_KINDS } from '../../../tenancy/types.ts';
import { ProblemSchema } from '../ingest/accept.ts';

export default async function keyRoutes(app: FastifyInstance) {
  const admin = { keyKinds: ['admin'] as const };
  app.get('/api/v1/keys', { config: admin, schema: { tags: ['tenancy'], summary: 'List API keys (never their secrets)', security: [{ bearer: [] }] } }, async (request) => {
    const { tenant } = requireAuth(request);
    return { keys: await app.services.keys.list(tenant.slug) };
  });
  app.post<{ Body: { kind: string; name?: string } }>(
    '/api/v1/keys',
    {
      config: admin,
      schema: {
        tags: ['tenancy'],
        summary: 'Create an API key; the secret is in the response and never again',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: { kind: { type: 'string', enum: [...KEY_KINDS] }, name: { type: 'string', maxLength: 200 } },
        },
        response: { '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = requireAuth(request);
      const { key, info } = await app.services.keys.create(tenant.slug, request.body.kind, request.body.name ?? '');
      return reply.status(201).send({ key, ...info });
    },
  );
  app.delete<{ Params: { keyId: string } }>(
    '/api/v1/keys/:keyId',
    {
      config: admin,
      schema: {
        tags: ['tenancy'],
        summary: 'Revoke an API key',
        security: [{ bearer: [] }],
        params: { type: 'object', properties: { keyId: { type: 'string', maxLength: 64 } }, required: ['keyId'] },
        response: { '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const { tenant } = requireAuth(request);
      return app.services.keys.revoke(tenant.slug, request.params.keyId);
    },
  );
}
