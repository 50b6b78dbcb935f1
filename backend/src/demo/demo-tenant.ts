/**
 * First start: a `demo` tenant (Grafana org 1) with one key of each kind, and
 * a week of synthetic history so dashboards have something to show.
 */
import type { Services } from '../services.ts';
import { AppError } from '../errors/app-error.ts';
import { KEY_KINDS, type KeyKind, type Tenant } from '../tenancy/types.ts';
import { backfillHistory } from './synthetic-traffic.ts';

export async function ensureDemoTenant(
  services: Services,
): Promise<{ tenant: Tenant; created: boolean; keys: Partial<Record<KeyKind, string>> }> {
  try {
    return { tenant: await services.tenants.getBySlug('demo'), created: false, keys: {} };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'TENANT_NOT_FOUND')) throw err;
  }
  const tenant = await services.tenants.create({ slug: 'demo', name: 'Demo', grafanaOrgId: 1 });
  const keys: Partial<Record<KeyKind, string>> = {};
  for (const kind of KEY_KINDS) keys[kind] = (await services.keys.create('demo', kind, `demo ${kind} key`)).key;
  await backfillHistory(services, tenant, { days: 7, runsPerDay: 24 });
  return { tenant, created: true, keys };
}
