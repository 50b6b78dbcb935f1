/** Masking-rule admin API (Admin only) and token resolution (roles exempt from the rule; audited). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors/app-error.ts';
import { requireOperation } from '../../../security/permissions.ts';
import { markRefusalAudited } from '../../../security/refusals.ts';
import { requestAccess } from '../../../security/request-access.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import { resolveToken, type MaskingRule } from '../../../query/index.ts';
import { ADMIN_ROUTE, auditAdmin } from './admin-audit.ts';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const RuleBody = Type.Object({ field: Type.String({ maxLength: 210 }), method: Type.String({ maxLength: 20 }), exemptRoles: Type.Optional(Type.Array(Type.String({ maxLength: 10 }))) }, { additionalProperties: false });
const ResolveBody = Type.Object({ token: Type.String({ maxLength: 100_000 }), field: Type.String({ maxLength: 210 }) }, { additionalProperties: false });
const tags = ['admin'];

export default async function maskingRoutes(app: FastifyInstance) {
  const config = ADMIN_ROUTE;
  app.get('/api/v1/masking-rules', { config, schema: { tags, summary: 'List masking rules' } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    return { maskingRules: await app.services.security.listMaskingRules(access.auth.tenant) };
  });
  app.post('/api/v1/masking-rules', { config, schema: { tags, summary: 'Create a masking rule', body: RuleBody } }, async (request, reply) => {
    const access = await requireOperation(request, 'admin');
    const rule = await app.services.security.putMaskingRule(access.auth.tenant, request.body as Omit<MaskingRule, 'id'>);
    auditAdmin(app, access, 'masking.create', rule.id, { rule });
    return reply.code(201).send(rule);
  });
  app.put('/api/v1/masking-rules/:id', { config, schema: { tags, summary: 'Replace a masking rule', params: Id, body: RuleBody } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const { id } = request.params as { id: string };
    if (!(await app.services.security.listMaskingRules(access.auth.tenant)).some((r) => r.id === id)) throw new AppError('NOT_FOUND', `no masking rule ${id} in this tenant`);
    const rule = await app.services.security.putMaskingRule(access.auth.tenant, { ...(request.body as Omit<MaskingRule, 'id'>), id });
    auditAdmin(app, access, 'masking.update', id, { rule });
    return rule;
  });
  app.delete('/api/v1/masking-rules/:id', { config, schema: { tags, summary: 'Delete a masking rule', params: Id } }, async (request, reply) => {
    const access = await requireOperation(request, 'admin');
    const { id } = request.params as { id: string };
    await app.services.security.deleteMaskingRule(access.auth.tenant, id);
    auditAdmin(app, access, 'masking.delete', id);
    return reply.code(204).send();
  });
  // Not admin-only: any role listed in the rule's exemptRoles may resolve; the compiler decides.
  app.post('/api/v1/masking/resolve-token', { config, schema: { tags, summary: 'Resolve a tokenized value', body: ResolveBody } }, async (request) => {
    const access = await requestAccess(request);
    const { token, field } = request.body as { token: string; field: string };
    try {
      const value = resolveToken(token, field, access.compilePrincipal, access.security.maskingRules, access.security.settings.maskingKey);
      auditAdmin(app, access, 'masking.resolve_token', field, {}, 'high');
      return { value };
    } catch (err) {
      const mapped = toAppError(err);
      if (mapped instanceof AppError && mapped.status === 403) {
        app.services.audit.record({ tenantId: access.auth.tenant.id, actor: access.actor, actorKind: access.actorKind, action: 'security_violation', resource: `masking.resolve_token ${field}`, outcome: 'denied', risk: 'high', details: { code: mapped.code } });
        markRefusalAudited(request);
      }
      throw mapped;
    }
  });
}
