/**
 * Per-tenant retention. tenants.retention_days is stamped on every new row at
 * ingest (the tables' TTL reads the row's own retention_days). Existing rows
 * keep the value they were written with unless rewritten, so a change also
 * runs `ALTER TABLE … UPDATE retention_days` (a mutation) for this tenant's
 * rows in the three data tables; the TTL then applies at the next merge.
 * The tenant's hourly rollup is rebuilt so its TTL follows too.
 */
import { AppError } from '../errors/app-error.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { TenantService } from '../tenancy/tenants.ts';
import type { Tenant } from '../tenancy/types.ts';
import { ERASABLE_TABLES } from './erasure.ts';
import { rebuildTenantRollup } from './rollup-rebuild.ts';

export async function setRetention(analytics: AnalyticsDriver, tenants: TenantService, tenant: Tenant, days: number): Promise<Tenant> {
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new AppError('VALIDATION_FAILED', 'days must be an integer between 1 and 3650');
  const updated = await tenants.update(tenant.slug, { retentionDays: days });
  for (const t of ERASABLE_TABLES) {
    await analytics.command(`ALTER TABLE \`${t}\` UPDATE retention_days = {days:UInt16} WHERE tenant_id = {tenant:String}`, { days, tenant: tenant.id });
  }
  await rebuildTenantRollup(analytics, tenant.id);
  return updated;
}
