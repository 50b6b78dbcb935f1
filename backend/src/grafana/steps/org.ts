/**
 * Finds or creates the tenant's Grafana organization. Lookup order: the org
 * the tenant is already mapped to (if it still exists), then an org with the
 * wanted name, then a new one. A 409 on create means another run created it
 * meanwhile: look it up again rather than fail.
 */
import type { GrafanaClient } from '../api/grafana-client.ts';
import type { Caller } from './preflight.ts';

interface Org {
  id: number;
  name: string;
}

export async function ensureOrg(
  grafana: GrafanaClient,
  caller: Caller,
  want: { mappedOrgId: number | null; name: string },
): Promise<{ orgId: number; name: string; created: boolean }> {
  if (caller.tokenOrg) return { orgId: caller.tokenOrg.id, name: caller.tokenOrg.name, created: false };
  if (want.mappedOrgId != null) {
    const mapped = await grafana.get<Org>(`/api/orgs/${want.mappedOrgId}`, { allow: [404] });
    if (mapped) return joined(grafana, caller, mapped);
  }
  const byName = await grafana.get<Org>(`/api/orgs/name/${encodeURIComponent(want.name)}`, { allow: [404] });
  if (byName) return joined(grafana, caller, byName);
  const created = await grafana.post<{ orgId: number }>('/api/orgs', { name: want.name }, { allow: [409] });
  if (created) return { orgId: created.orgId, name: want.name, created: true };
  const raced = (await grafana.get<Org>(`/api/orgs/name/${encodeURIComponent(want.name)}`))!;
  return joined(grafana, caller, raced);
}

/** Org-scoped calls need the caller to be a member: add it as Admin (409 = already one). */
async function joined(grafana: GrafanaClient, caller: Caller, org: Org) {
  if (caller.login) {
    await grafana.post(`/api/orgs/${org.id}/users`, { loginOrEmail: caller.login, role: 'Admin' }, { allow: [409] });
  }
  return { orgId: org.id, name: org.name, created: false };
}
