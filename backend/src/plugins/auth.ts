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

function bearerSecret(header: string | undefined): string {
  if (!header) throw new AppError('AUTH_MISSING_KEY', 'Send the API key as "Authorization: Bearer <key>".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError('AUTH_INVALID_KEY', 'The Authorization header must be "Bearer <key>".');
  return match[1]!;
}

/** Sets the request's auth and principal, or returns the refusal (wrong key kind, bad forwarded identity). */
function admit(request: FastifyRequest, kinds: readonly KeyKind[], ctx: AuthContext): Error | undefined {
  if (!kinds.includes(ctx.key.kind)) {
    return new AppError('AUTH_WRONG_KEY_KIND', `A ${ctx.key.kind} key cannot call this route; it needs a key of kind ${kinds.join(' or ')}.`);
  }
  // auth first: a refused forwarded identity is audited against this key's tenant (refusal-audit.ts).
  request.auth = ctx;
  try {
    request.principal = resolvePrincipal(ctx, request.headers);
  } catch (err) {
    return err as Error;
  }
  return undefined;
}

export default fp(
  async function auth(app: FastifyInstance) {
    app.decorateRequest('auth', null);
    app.decorateRequest('principal', null);
    // Callback-style: it runs on every API request, and a key seen a moment ago is answered
    // synchronously (keys.authenticateCached) without a promise or a microtask turn.
    app.addHook('onRequest', (request, _reply, done) => {
      const kinds = request.routeOptions.config?.keyKinds;
      if (!kinds) {
        done();
        return;
      }
      let secret: string;
      try {
        secret = bearerSecret(request.headers.authorization);
      } catch (err) {
        done(err as AppError);
        return;
      }
      const hot = app.services.keys.authenticateCached(secret);
      if (hot) {
        done(admit(request, kinds, hot));
        return;
      }
      app.services.keys.authenticate(secret).then(
        (ctx) => done(admit(request, kinds, ctx)),
        (err: Error) => done(err),
      );
    });
  },
  { name: 'auth', dependencies: ['services'] },
);
