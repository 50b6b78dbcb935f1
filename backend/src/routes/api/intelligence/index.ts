/**
 * Test-intelligence routes (monitors, test states, quarantine, clusters,
 * diffs, regressions, owners). Each feature file registers itself here.
 */
import type { FastifyInstance } from 'fastify';
import monitorRoutes from './monitors.ts';
import stateRoutes from './states.ts';
import quarantineRoutes from './quarantine.ts';
import clusterRoutes from './clusters.ts';
import compareRoutes from './compare.ts';
import ownerRoutes from './owners.ts';

export default async function intelligenceRoutes(app: FastifyInstance) {
  await app.register(monitorRoutes);
  await app.register(stateRoutes);
  await app.register(quarantineRoutes);
  await app.register(clusterRoutes);
  await app.register(compareRoutes);
  await app.register(ownerRoutes);
}
