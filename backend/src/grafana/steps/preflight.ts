/**
 * Checks the Grafana credentials before anything changes anywhere, so a typo
 * in a password leaves Semantest untouched. Basic auth must be a server
 * admin (it creates organizations): GET /api/orgs answers only to those.
 * A service-account token belongs to one org; that org is the target.
 */
import type { GrafanaClient } from '../api/grafana-client.ts';

export interface Caller {
  /** The basic-auth login (added as Admin to orgs it did not create). */
  login: string | null;
  /** For token auth: the only org the token can act in. */
  tokenOrg: { id: number; name: string } | null;
}

export async function preflight(grafana: GrafanaClient): Promise<Caller> {
  if (grafana.auth.kind === 'token') {
    const org = (await grafana.get<{ id: number; name: string }>('/api/org'))!;
    return { login: null, tokenOrg: { id: org.id, name: org.name } };
  }
  const user = (await grafana.get<{ login: string }>('/api/user'))!;
  await grafana.get('/api/orgs?perpage=1');
  return { login: user.login, tokenOrg: null };
}
