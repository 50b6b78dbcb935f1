/**
 * Query-engine routes (query, catalog, values, annotations, policies, masking,
 * audit). Each feature file registers itself here.
 */
import type { FastifyInstance } from 'fastify';

export default async function queryRoutes(_app: FastifyInstance) {
  // Feature routes are registered here as they land.
}
