/**
 * Authentication: every /api route authenticates with `Authorization: Bearer`.
 * Routes declare which key kinds they accept with `config.keyKinds`; the hook
 * resolves tenant, key and principal before the handler runs, so handlers
 * never see an unauthenticated request.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import type { AuthContext, KeyKind } from '../tenancy/types.ts';
import { resolvePrincipal, type Principal } from '../tenancy/identity.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Key kinds this route accepts; absent = public route. */
    keyKinds?: readonly KeyKind[];
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    principal: Principal | null;
  }
}

export function requireAuth(request: FastifyRequest): AuthContext & { principal: Principal } {
  if (!request.auth || !request.principal) throw new AppError('AUTH_MISSING_KEY', 'This route requires an API key.');
  return { ...request.auth, principal: request.principal };
}

export default fp(
  async function auth(app: FastifyInstance) {
    app.decorateRequest('auth', null);
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const kinds = request.routeOptions.config?.keyKinds;
      if (!kinds) return;
      const header = request.headers.authorization;
      if (!header) throw new AppError('AUTH_MISSING_KEY', 'Send the API key as "Authorization: Bearer <key>".');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('AUTH_INVALID_KEY', 'The Authorization header must be "Bearer <key>".');
      const ctx = await app.services.keys.authenticate(match[1]!);
      if (!kinds.includes(ctx.key.kind)) {
        throw new AppError('AUTH_WRONG_KEY_KIND', `A ${ctx.key.kind} key cannot call this route; it needs a key of kind ${kinds.join(' or ')}.`);
      }
      request.auth = ctx;
      request.principal = resolvePrincipal(ctx, request.headers);
    });
  },
  { name: 'auth', dependencies: ['services'] },
);
