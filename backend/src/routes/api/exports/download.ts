/**
 * GET /api/v1/downloads/:token — public: the signed token is the credential.
 * Verifies signature (403), expiry (410) and that the job still exists in the
 * token's tenant, then streams the file (decrypted by the store).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export default async function downloadRoute(app: FastifyInstance) {
  app.get(
    '/api/v1/downloads/:token',
    {
      schema: {
        tags: ['exports'],
        summary: 'Download an export through a signed link',
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const file = await app.services.exports.openDownload((request.params as { token: string }).token);
      void reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff');
      if (file.bytes !== null) void reply.header('content-length', String(file.bytes));
      return reply.send(file.body);
    }
  );
}
