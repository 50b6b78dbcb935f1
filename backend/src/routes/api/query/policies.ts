/**
 * Row-policy admin API (Admin only): list, create, update, delete, and
 * "preview as user" — what a given user would see for a given query.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors/app-error.ts';
import { requireOperation } from '../../../security/permissions.ts';
import { ROLES } from '../../../security/access-settings.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import type { RowPolicy, OrgRole } from '../../../query/index.ts';
import { ADMIN_ROUTE, auditAdmin } from './admin-audit.ts';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const PolicyBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), condition: Type.Array(Type.Any()), appliesTo: Type.Any() }, { additionalProperties: false });
const PreviewBody = Type.Object({
  user: Type.Object({ login: Type.String({ maxLength: 200 }), email: Type.Optional(Type.String({ maxLength: 320 })), role: Type.Enum([...ROLES]) }),
  query: Type.Object({}, { additionalProperties: true }),
}, { additionalProperties: false });

const tags = ['admin'];

export default async function policyRoutes(app: FastifyInstance) {
  const config = ADMIN_ROUTE;
  app.get('/api/v1/policies', { config, schema: { tags, summary: 'List row policies' } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    return { policies: await app.services.security.listPolicies(access.auth.tenant) };
  });
  app.post('/api/v1/policies', { config, schema: { tags, summary: 'Create a row policy', body: PolicyBody } }, async (request, reply) => {
    const access = await requireOperation(request, 'admin');
    const policy = await app.services.security.putPolicy(access.auth.tenant, request.body as Omit<RowPolicy, 'id'>);
    auditAdmin(app, access, 'policy.create', policy.id, { policy });
    return reply.code(201).send(policy);
  });
  app.put('/api/v1/policies/:id', { config, schema: { tags, summary: 'Replace a row policy', params: Id, body: PolicyBody } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const { id } = request.params as { id: string };
    if (!(await app.services.security.listPolicies(access.auth.tenant)).some((p) => p.id === id)) {
      throw new AppError('NOT_FOUND', `no policy ${id} in this tenant`);
    }
    const policy = await app.services.security.putPolicy(access.auth.tenant, { ...(request.body as Omit<RowPolicy, 'id'>), id });
    auditAdmin(app, access, 'policy.update', id, { policy });
    return policy;
  });
  app.delete('/api/v1/policies/:id', { config, schema: { tags, summary: 'Delete a row policy', params: Id } }, async (request, reply) => {
    const access = await requireOperation(request, 'admin');
    const { id } = request.params as { id: string };
    await app.services.security.deletePolicy(access.auth.tenant, id);
    auditAdmin(app, access, 'policy.delete', id);
    return reply.code(204).send();
  });
  app.post('/api/v1/policies/preview', { config, schema: { tags, summary: 'What a user would see for a query', body: PreviewBody } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const { user, query } = request.body as { user: { login: string; email?: string; role: OrgRole }; query: unknown };
    try {
      return await app.services.queries.preview(access, { kind: 'user', login: user.login, email: user.email ?? '', role: user.role }, query);
    } catch (err) {
      throw toAppError(err);
    }
  });
}
