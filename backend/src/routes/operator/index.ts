/**
 * Operator API: what `semantest tenant provision` needs when it runs in
 * another process than the server (docker compose: the server owns DATA_DIR,
 * which one process may open). Cross-tenant, so it has its own credential
 * (operator-auth.ts) checked in this plugin's hook before any handler runs.
 */
import type { FastifyInstance } from 'fastify';
import { OperatorTenancy } from '../../grafana/semantest/operator-tenancy.ts';
import { checkOperatorToken } from './operator-auth.ts';
import tenantRoutes from './tenants.ts';
import keyRoutes from './keys.ts';

export default async function operatorRoutes(app: FastifyInstance) {
  const token = app.services.config.operatorToken;
  const ops = new OperatorTenancy(app.services);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => checkOperatorToken(token, request));
    await scope.register(tenantRoutes, { ops });
    await scope.register(keyRoutes, { ops });
  });
}
