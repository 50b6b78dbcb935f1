/**
 * POST /api/v1/erasure {filters, dryRun?} — delete this tenant's rows matching
 * the filters from runs, results and perf samples (Admin only, audited).
 * A dry run returns the counts that a real run would delete.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { FilterSchema, type Filter } from '@semantest/query-model';
import { requireOperation } from '../../../security/permissions.ts';
import { runErasure } from '../../../security/erasure.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import { ADMIN_ROUTE, auditAdmin } from './admin-audit.ts';

const Body = Type.Object({ filters: Type.Array(FilterSchema, { minItems: 1, maxItems: 20 }), dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export default async function erasureRoute(app: FastifyInstance) {
  app.post('/api/v1/erasure', { config: ADMIN_ROUTE, schema: { tags: ['admin'], summary: 'Erase matching rows of this tenant', body: Body } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const { filters, dryRun = false } = request.body as { filters: Filter[]; dryRun?: boolean };
    let counts: Record<string, number>;
    try {
      counts = await runErasure(app.services.analytics, access.auth.tenant.id, filters, dryRun);
    } catch (err) {
      throw toAppError(err);
    }
    // Filter values may be personal data: the record keeps the fields and operators only.
    auditAdmin(app, access, dryRun ? 'erasure.dry_run' : 'erasure', 'test_runs,test_results,perf_samples', { fields: filters.map((f) => `${f.field} ${f.op}`), counts }, dryRun ? 'medium' : 'high');
    return { dryRun, deleted: dryRun ? undefined : counts, matched: counts };
  });
}
