/**
 * A tenant's keys for the operator: list (never secrets), create (secret in
 * the response once) or import a secret generated elsewhere (idempotent),
 * revoke.
 */
import type { FastifyInstance } from 'fastify';
import type { OperatorTenancy } from '../../grafana/semantest/operator-tenancy.ts';
import { KEY_KINDS, type KeyKind } from '../../tenancy/types.ts';
import { auditOperatorChange } from './audit.ts';
import { operatorRoute, SlugParams } from './schemas.ts';

export default async function keyRoutes(app: FastifyInstance, { ops }: { ops: OperatorTenancy }) {
  app.get<{ Params: { slug: string } }>(
    '/api/v1/operator/tenants/:slug/keys',
    { schema: { ...operatorRoute("List a tenant's keys (never their secrets)"), params: SlugParams } },
    async (request) => ({ keys: await ops.listKeys(request.params.slug) }),
  );

  app.post<{ Params: { slug: string }; Body: { kind: KeyKind; name?: string; secret?: string } }>(
    '/api/v1/operator/tenants/:slug/keys',
    {
      schema: {
        ...operatorRoute('Create a key (secret returned once), or import a given secret (idempotent)'),
        params: SlugParams,
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...KEY_KINDS] },
            name: { type: 'string', maxLength: 200 },
            secret: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { kind, name = '', secret } = request.body;
      if (secret !== undefined) {
        const { info, created } = await ops.importKey(slug, kind, name, secret);
        if (created) auditOperatorChange(app, info.tenantId, 'key.import', `key:${info.id}`, { kind, name });
        return reply.status(created ? 201 : 200).send({ info, created });
      }
      const { key, info } = await ops.createKey(slug, kind, name);
      auditOperatorChange(app, info.tenantId, 'key.create', `key:${info.id}`, { kind, name });
      return reply.status(201).send({ key, info, created: true });
    },
  );

  app.delete<{ Params: { slug: string; keyId: string } }>(
    '/api/v1/operator/tenants/:slug/keys/:keyId',
    {
      schema: {
        ...operatorRoute('Revoke a key (idempotent)'),
        params: { ...SlugParams, required: ['slug', 'keyId'], properties: { ...SlugParams.properties, keyId: { type: 'string', maxLength: 64 } } },
      },
    },
    async (request) => {
      const info = await ops.revokeKey(request.params.slug, request.params.keyId);
      auditOperatorChange(app, info.tenantId, 'key.revoke', `key:${info.id}`, { kind: info.kind });
      return { key: info };
    },
  );
}
