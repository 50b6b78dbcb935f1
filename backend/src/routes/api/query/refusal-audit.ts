/**
 * Audits refused access on the query-engine routes: every 401/403 answer whose
 * tenant is known becomes a `security_violation` record (risk high), e.g.
 * AUTH_ORG_MISMATCH (spoofed org), AUTH_IDENTITY_NOT_ALLOWED, AUTH_WRONG_KEY_KIND,
 * FORBIDDEN. Refusals already audited by requireOperation are skipped.
 * For a wrong key kind the auth hook refused before setting request.auth, so
 * the key is resolved again here (cached) to learn its tenant.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { refusalAudited } from '../../../security/refusals.ts';

const codes = new WeakMap<FastifyRequest, string>();

export function registerRefusalAudit(app: FastifyInstance): void {
  // Callback-style hooks, not async ones: they run on every query-engine request and almost
  // always have nothing to do, so the common path returns without a promise and its microtask
  // turn (this hook runs right after the response is written, while the client reads it).
  app.addHook('onError', (request, _reply, err, done) => {
    codes.set(request, (err as { code?: string }).code ?? 'UNKNOWN');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if ((reply.statusCode !== 401 && reply.statusCode !== 403) || refusalAudited(request)) {
      done();
      return;
    }
    auditRefusal(app, request, reply.statusCode).then(() => done(), (err: Error) => done(err));
  });
}

async function auditRefusal(app: FastifyInstance, request: FastifyRequest, statusCode: number): Promise<void> {
  const auth = request.auth ?? (await authOf(app, request));
  if (!auth) return;
  app.services.audit.record({
    tenantId: auth.tenant.id,
    actor: request.principal?.kind === 'user' ? request.principal.login : `key:${auth.key.prefix}`,
    actorKind: 'key',
    action: 'security_violation',
    resource: `${request.method} ${request.routeOptions.url ?? request.url}`,
    outcome: 'denied',
    risk: 'high',
    details: {
      code: codes.get(request) ?? String(statusCode),
      keyKind: auth.key.kind,
      forwardedOrg: request.headers['x-grafana-org-id'] ?? null,
      forwardedUser: request.headers['x-grafana-user'] ?? null,
    },
  });
}

async function authOf(app: FastifyInstance, request: FastifyRequest) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!m) return null;
  try {
    return await app.services.keys.authenticate(m[1]!);
  } catch {
    return null; // unknown or revoked key: no tenant to attribute the refusal to
  }
}
