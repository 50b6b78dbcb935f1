/**
 * Query-engine routes (query, catalog, values, annotations, policies, masking,
 * security settings, retention, erasure, audit). Each feature file registers
 * itself here; refused access on these routes is audited (refusal-audit.ts).
 */
import type { FastifyInstance } from 'fastify';
import { registerRefusalAudit } from './refusal-audit.ts';
import panelQueryRoute from './panel-query.ts';
import catalogRoute from './catalog.ts';
import valuesRoute from './values.ts';
import annotationsRoute from './annotations.ts';
import policyRoutes from './policies.ts';
import maskingRoutes from './masking.ts';
import settingsRoutes from './settings.ts';
import auditRoute from './audit.ts';
import erasureRoute from './erasure.ts';

export default async function queryRoutes(app: FastifyInstance) {
  registerRefusalAudit(app);
  for (const feature of [panelQueryRoute, catalogRoute, valuesRoute, annotationsRoute, policyRoutes, maskingRoutes, settingsRoutes, auditRoute, erasureRoute]) {
    await app.register(feature);
  }
}
