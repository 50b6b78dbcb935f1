/**
 * Who may touch an export: `export.write` (Editors by default) for every
 * export route, and a job is visible only to its creator or to admins. An
 * export carries data compiled under its creator's policies, so another
 * user's job must stay out of reach (404, like another tenant's).
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { requireOperation } from '../../../security/permissions.ts';
import type { RequestAccess } from '../../../security/request-access.ts';

export async function exportAccess(request: FastifyRequest): Promise<RequestAccess> {
  return requireOperation(request, 'export.write');
}

/** null = sees every job of the tenant. */
export const ownerFilter = (access: RequestAccess): string | null => (access.isAdmin ? null : access.actor);

export async function ownedJob(request: FastifyRequest, id: string) {
  const access = await exportAccess(request);
  const exports = request.server.services.exports;
  const job = await exports.require(access.auth.tenant.id, id);
  const owner = ownerFilter(access);
  if (owner !== null && job.createdBy !== owner) throw new AppError('NOT_FOUND', 'No such export in this tenant.');
  return { access, job };
}

/** Route options shared by the export and export-schedule routes. */
export const routeConfig = { keyKinds: ['query', 'admin', 'grafana'] as const };
export const routeSchema = (summary: string, extra: Record<string, unknown> = {}) => ({
  tags: ['exports'],
  summary,
  security: [{ bearer: [] }],
  ...extra,
});
