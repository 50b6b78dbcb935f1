/** TenantPort over this process's own stores (the server must not be running on DATA_DIR). */
import type { Config } from '../../config/schema.ts';
import { openServices } from '../../services.ts';
import { OperatorTenancy } from './operator-tenancy.ts';
import type { TenantPort } from './tenant-port.ts';

export async function openLocalTenantPort(config: Config): Promise<TenantPort> {
  const services = await openServices(config, { withoutAnalytics: true, role: 'semantest cli (tenant provision)' });
  const ops = new OperatorTenancy(services);
  return {
    describe: config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `DATA_DIR ${config.dataDir}`,
    getTenant: (slug) => ops.getTenant(slug),
    ensureTenant: (slug, spec) => ops.ensureTenant(slug, spec),
    listKeys: (slug) => ops.listKeys(slug),
    createKey: (slug, kind, name) => ops.createKey(slug, kind, name),
    importKey: (slug, kind, name, secret) => ops.importKey(slug, kind, name, secret),
    revokeKey: (slug, keyId) => ops.revokeKey(slug, keyId),
    close: () => services.close(),
  };
}
