/**
 * Guard for routes that read analytics with hand-written SQL instead of the
 * query compiler (e.g. GET /api/v1/clusters, tuned for speed). Such SQL
 * carries the tenant predicate but neither row policies nor masking, so it
 * may only answer callers for whom the compiler would change nothing.
 *
 * The compiler decides, not a copy of its rules: the route's read is compiled
 * as an equivalent model query (`probe`: the dataset and the fields the route
 * returns) under the caller's principal; any applied row policy (or
 * deny-by-default) or mask refuses with 403 FORBIDDEN, audited as a
 * security_violation. Fails closed: a probe that does not compile refuses too.
 */
import type { FastifyRequest } from 'fastify';
import { compileQuery } from '../query/index.ts';
import { compileContext } from '../queries/context.ts';
import { refuseForbidden, requireOperation } from './permissions.ts';
import type { RequestAccess } from './request-access.ts';

export interface RawReadProbe {
  dataset: string;
  /** Model fields whose values the route returns or filters on (at most 6). */
  fields: readonly string[];
  /** Where the caller can get the same data with policies and masking applied. */
  instead: string;
}

/**
 * What would restrict this caller on `probe` (`policy:<id>`, `mask:<id>`, `probe:<code>`); empty when
 * the compiler would change nothing. For routes that answer everyone but omit what a restricted caller
 * must not see (e.g. POST /api/v1/monitors/evaluate drops its per-project state counts).
 */
export function restrictionsOf(access: RequestAccess, probe: Pick<RawReadProbe, 'dataset' | 'fields'>): string[] {
  try {
    const c = compileQuery({ version: 1, refId: 'probe', dataset: probe.dataset, metrics: [{ fn: 'count' }], groupBy: [...probe.fields], shape: 'table' }, compileContext(access));
    return [...c.appliedPolicies.map((p) => `policy:${p}`), ...c.appliedMasks.map((m) => `mask:${m}`)];
  } catch (err) {
    return [`probe:${(err as { code?: string }).code ?? 'error'}`];
  }
}

export async function requireUnrestrictedRead(request: FastifyRequest, probe: RawReadProbe): Promise<RequestAccess> {
  const access = await requireOperation(request, 'read');
  const restrictedBy = restrictionsOf(access, probe);
  if (restrictedBy.length === 0) return access;
  refuseForbidden(request, access, { reason: 'raw read under row policies or masking', restrictedBy },
    `Row policies or masking apply to this caller, and this route cannot apply them; use ${probe.instead}, which does.`);
}
