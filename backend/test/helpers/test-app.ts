/**
 * A real app on real embedded stores (chDB + PGlite, or PostgreSQL when
 * PG_TEST_URL is set and the caller asks for it) in a temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/load.ts';
import { openServices, type Services } from '../../src/services.ts';
import { buildApp } from '../../src/app.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  dataDir: string;
  /** Creates a tenant with one key of each kind. */
  tenant(slug: string, grafanaOrgId?: number): Promise<{ id: string; keys: Record<'ingest' | 'query' | 'admin' | 'grafana', string> }>;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEMANTEST_DEMO: 'false', ...env }, overrides);
  const services = await openServices(config);
  const app = await buildApp({ services });
  await app.ready();
  return {
    app,
    services,
    dataDir,
    async tenant(slug, grafanaOrgId) {
      const t = await services.tenants.create({ slug, grafanaOrgId });
      const keys = {} as Record<'ingest' | 'query' | 'admin' | 'grafana', string>;
      for (const kind of ['ingest', 'query', 'admin', 'grafana'] as const) keys[kind] = (await services.keys.create(slug, kind)).key;
      return { id: t.id, keys };
    },
    async close() {
      await app.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
