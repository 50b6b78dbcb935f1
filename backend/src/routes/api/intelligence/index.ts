/**
 * Test-intelligence routes (monitors, test states, quarantine, clusters,
 * diffs, regressions, owners). Each feature file registers itself here.
 */
import type { FastifyInstance } from 'fastify';

export default async function intelligenceRoutes(_app: FastifyInstance) {
  // Feature routes are registered here as they land.
}
