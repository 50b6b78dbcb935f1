/** GET /api/v1/audit?from=&to=&action=&limit= — the tenant's audit log (Admin only; reading it is audited too). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireOperation } from '../../../security/permissions.ts';
import { readAudit } from '../../../audit/audit-query.ts';
import { AppError } from '../../../errors/app-error.ts';
import { ADMIN_ROUTE, auditAdmin } from './admin-audit.ts';

const Query = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});

function ms(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new AppError('VALIDATION_FAILED', `${name} must be epoch milliseconds or an ISO date`);
  return n;
}

export default async function auditRoute(app: FastifyInstance) {
  app.get('/api/v1/audit', { config: ADMIN_ROUTE, schema: { tags: ['admin'], summary: 'Audit records', querystring: Query } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const q = request.query as { from?: string; to?: string; action?: string; limit?: number };
    const filter = { ...(q.action ? { action: q.action } : {}), ...(q.limit ? { limit: q.limit } : {}) };
    const fromMs = ms(q.from, 'from'), toMs = ms(q.to, 'to');
    // Records still in the write buffer belong to the answer.
    await app.services.audit.flush();
    const records = await readAudit(app.services.analytics, access.auth.tenant.id, { ...filter, ...(fromMs !== undefined ? { fromMs } : {}), ...(toMs !== undefined ? { toMs } : {}) });
    auditAdmin(app, access, 'audit.read', 'audit_log', { rows: records.length }, 'low');
    return { records };
  });
}
