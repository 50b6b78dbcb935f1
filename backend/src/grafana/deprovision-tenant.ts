/**
 * `tenant deprovision`: removes the tenant from Grafana and takes Grafana's
 * access away, keeping the tenant's test data in Semantest (deleting data is
 * a separate, deliberate act). Order: delete the org (the step that needs
 * Grafana and can fail on credentials) → revoke every grafana key → unmap
 * the org last, so a re-run after a failure still knows which org to delete.
 * Org 1 is Grafana's main organization and is never deleted.
 */
import type { GrafanaClient } from './api/grafana-client.ts';
import { GrafanaError } from './api/grafana-error.ts';
import type { TenantPort } from './semantest/tenant-port.ts';
import type { Progress } from './provision-tenant.ts';
import { preflight } from './steps/preflight.ts';

export interface DeprovisionSummary {
  tenant: string;
  org: { id: number | null; deleted: boolean };
  revokedKeyIds: string[];
}

export async function deprovisionTenant(grafana: GrafanaClient, port: TenantPort, slug: string, progress: Progress): Promise<DeprovisionSummary> {
  const caller = await preflight(grafana);
  if (caller.tokenOrg) {
    throw new GrafanaError('GRAFANA_FORBIDDEN', 'deleting an organization needs a Grafana server admin (--grafana-user/--grafana-password), not a service-account token');
  }
  const tenant = await port.getTenant(slug);
  if (!tenant) throw new GrafanaError('GRAFANA_NOT_FOUND', `no Semantest tenant "${slug}"`);
  const orgId = tenant.grafanaOrgId;
  if (orgId === 1) {
    throw new GrafanaError('GRAFANA_REJECTED', `tenant ${slug} is mapped to org 1, Grafana's main organization, which is not deleted; map it elsewhere or remove its objects by hand`);
  }
  let deleted = false;
  if (orgId != null) {
    deleted = (await grafana.delete(`/api/orgs/${orgId}`, { allow: [404] })) !== null;
    progress('grafana org', deleted ? 'deleted' : 'absent', `id ${orgId}`);
  }
  const revokedKeyIds: string[] = [];
  for (const k of await port.listKeys(slug)) {
    if (k.kind === 'grafana' && !k.revokedAt) {
      await port.revokeKey(slug, k.id);
      revokedKeyIds.push(k.id);
      progress('grafana key', 'deleted', `${k.id} revoked`);
    }
  }
  if (orgId != null) await port.ensureTenant(slug, { grafanaOrgId: null });
  progress('semantest tenant', 'updated', `${slug} unmapped from Grafana; its data is kept`);
  return { tenant: slug, org: { id: orgId, deleted }, revokedKeyIds };
}
