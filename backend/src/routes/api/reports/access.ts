/**
 * Who may do what with reports: any authenticated reader lists and reads
 * definitions and run history; `report.write` (Editors by default) creates,
 * changes, pauses, deletes and runs. A report may run as a named user only
 * if that user is the caller, or the caller is an Admin: otherwise an Editor
 * could read data through someone else's policies.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { compileQuery } from '../../../query/index.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import type { RequestAccess } from '../../../security/request-access.ts';
import { parseDefinition } from '../../../reports/definitions/validate.ts';
import { resolveRange } from '../../../reports/definitions/relative-range.ts';
import type { ReportDefinition, RunAs, StoredReport } from '../../../reports/definitions/types.ts';
import { withRange } from '../../../reports/scheduler/build-document.ts';
import { reportContext } from '../../../reports/scheduler/report-context.ts';

export function callerRunAs(access: RequestAccess): RunAs {
  const p = access.compilePrincipal;
  if (p.kind === 'user' && p.login)
    return { kind: 'user', login: p.login, ...(p.email ? { email: p.email } : {}), role: p.role ?? 'Viewer' };
  return { kind: 'service' };
}

/** Parses, checks the principal and compiles every query now, so a bad query is a 400 here, not a failed run later. */
export function checkedDefinition(access: RequestAccess, body: unknown): ReportDefinition {
  const def = parseDefinition(body, callerRunAs(access));
  const self = callerRunAs(access);
  if (
    def.runAs.kind === 'user' &&
    !access.isAdmin &&
    !(self.kind === 'user' && self.login === def.runAs.login && roleRank(def.runAs.role) <= roleRank(self.role))
  ) {
    throw new AppError('FORBIDDEN', 'Only an Admin may make a report run as another user or with a higher role.');
  }
  const now = new Date();
  const ctx = reportContext(access.auth.tenant.id, def.runAs, access.security, now);
  const range = resolveRange(def.timeRange.last, now);
  def.queries.forEach((q) => {
    try {
      compileQuery(withRange(q.query, range.from, range.to), ctx);
    } catch (err) {
      throw toAppError(err);
    }
  });
  return def;
}

const roleRank = (r: string) => ['Viewer', 'Editor', 'Admin'].indexOf(r);

/** Secrets never leave the server: webhook secrets are write-only. */
export function publicReport(r: StoredReport) {
  const d = r.definition;
  return {
    id: r.id,
    owner: r.owner,
    paused: r.paused,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...d,
    channels: d.channels.map((c) => (c.kind === 'webhook' ? { ...c, secret: '********' } : c)),
  };
}

export const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
