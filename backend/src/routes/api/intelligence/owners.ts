/**
 * Ownership per project: an uploaded CODEOWNERS file (text/plain) and API
 * path rules (JSON, override the file). Both take effect at ingest at once:
 * results without an owner get the owners of their file.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import type { OwnerRule } from '../../../intelligence/owners/codeowners.ts';
import { Problem, READ_KINDS, WRITE_KINDS, reader, writer } from './access.ts';

const MAX_CODEOWNERS = 512 * 1024;
const params = { type: 'object', required: ['project'], properties: { project: { type: 'string', minLength: 1, maxLength: 200 } } };

export default async function ownerRoutes(app: FastifyInstance) {
  const schema = (summary: string, extra: Record<string, unknown> = {}) => ({ tags: ['intelligence'], summary, security: [{ bearer: [] }], params, response: { '4xx': Problem }, ...extra });

  app.get<{ Params: { project: string } }>('/api/v1/projects/:project/owners', { config: READ_KINDS, schema: schema('CODEOWNERS and path rules of a project') }, async (request) => {
    const { tenant } = reader(request);
    return app.services.intelligence.rules.ownerConfig(tenant, request.params.project);
  });

  app.put<{ Params: { project: string }; Body: string }>('/api/v1/projects/:project/codeowners', { config: WRITE_KINDS, schema: schema('Upload the CODEOWNERS file of a project (text/plain)') }, async (request) => {
    const { tenant, actor } = writer(request, 'Admin');
    // Fastify parses text/plain bodies to a string; anything else (JSON) is refused.
    if (typeof request.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the CODEOWNERS file as text/plain.');
    if (request.body.length > MAX_CODEOWNERS) throw new AppError('BODY_TOO_LARGE', `A CODEOWNERS file may be at most ${MAX_CODEOWNERS} bytes.`);
    await app.services.intelligence.setCodeowners(tenant, request.params.project, request.body, actor);
    return app.services.intelligence.rules.ownerConfig(tenant, request.params.project);
  });

  app.put<{ Params: { project: string }; Body: { rules: OwnerRule[] } }>('/api/v1/projects/:project/owner-rules', { config: WRITE_KINDS, schema: schema('Replace the path rules of a project', {
    body: {
      type: 'object', additionalProperties: false, required: ['rules'],
      properties: { rules: { type: 'array', maxItems: 1000, items: { type: 'object', additionalProperties: false, required: ['pattern', 'owners'], properties: { pattern: { type: 'string', minLength: 1, maxLength: 500 }, owners: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 200 } } } } } },
    },
  }) }, async (request) => {
    const { tenant, actor } = writer(request, 'Admin');
    await app.services.intelligence.setOwnerRules(tenant, request.params.project, request.body.rules, actor);
    return app.services.intelligence.rules.ownerConfig(tenant, request.params.project);
  });
}
