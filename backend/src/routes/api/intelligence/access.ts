/**
 * Who may do what in the intelligence routes, and the small request helpers
 * they share. Writes need an admin key, or a grafana key forwarding a user
 * with at least the given Grafana role. The tenant always comes from the
 * authenticated key, never from the request body.
 */
import type { FastifyRequest } from 'fastify';
import { requireAuth } from '../../../plugins/auth.ts';
import { AppError } from '../../../errors/app-error.ts';
import type { OrgRole } from '../../../tenancy/identity.ts';

export const READ_KINDS = { keyKinds: ['query', 'admin', 'grafana'] as const };
export const WRITE_KINDS = { keyKinds: ['admin', 'grafana'] as const };
/** CI pipelines hold ingest keys: the quarantine list is readable with any kind. */
export const CI_KINDS = { keyKinds: ['ingest', 'query', 'admin', 'grafana'] as const };

const RANK: Record<OrgRole, number> = { Viewer: 0, Editor: 1, Admin: 2 };

export interface Caller {
  tenant: string;
  /** Audit actor: the Grafana login, or `key:<id>`. */
  actor: string;
}

export function reader(request: FastifyRequest): Caller {
  const { tenant, key, principal } = requireAuth(request);
  return { tenant: tenant.id, actor: principal.kind === 'user' ? principal.login : `key:${key.id}` };
}

export function writer(request: FastifyRequest, minRole: OrgRole): Caller {
  const { tenant, key, principal } = requireAuth(request);
  if (key.kind === 'admin') return { tenant: tenant.id, actor: `key:${key.id}` };
  if (principal.kind === 'user' && RANK[principal.role] >= RANK[minRole]) return { tenant: tenant.id, actor: principal.login };
  throw new AppError('FORBIDDEN', `This change needs an admin key or a Grafana ${minRole} user.`);
}

/** ISO 8601 or epoch milliseconds → epoch ms; VALIDATION_FAILED names the field. */
export function parseTime(value: string | number | undefined, field: string, fallback?: number): number {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw new AppError('VALIDATION_FAILED', `${field} is required.`, { extra: { field } });
  }
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new AppError('VALIDATION_FAILED', `${field} must be an ISO 8601 time or epoch milliseconds.`, { extra: { field } });
  return ms;
}

export function window(from: number, to: number): void {
  if (to <= from) throw new AppError('VALIDATION_FAILED', '"to" must be after "from".', { extra: { field: 'to' } });
}

export const TimeValue = { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'number' }] };
export const Project = { type: 'string', minLength: 1, maxLength: 200 };

/**
 * Problem details with their extensions (`field`, `reason`): the shared
 * ProblemSchema lists only the core members, and a response schema drops
 * what it does not list.
 */
export const Problem = {
  type: 'object',
  description: 'RFC 9457 problem details; validation problems carry `field` and sometimes `reason`',
  additionalProperties: true,
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
    code: { type: 'string' }, instance: { type: 'string' }, field: { type: 'string' }, reason: { type: 'string' },
  },
} as const;
