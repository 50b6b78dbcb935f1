/**
 * `tenant provision`: one tenant end to end, in an order where every step
 * only needs what earlier steps made, and where a failure at any point
 * leaves a state the next run converges from:
 *   credentials → org → tenant (mapped to the org) → key + datasource →
 *   plugins → folder → dashboards → contact points → policies → alert rules →
 *   removal of our dashboards and rules that are no longer defined.
 * Grafana credentials are checked before Semantest is touched.
 */
import type { GrafanaClient } from './api/grafana-client.ts';
import type { TenantPort } from './semantest/tenant-port.ts';
import type { AlertingDefinition } from './desired/alerting-files.ts';
import type { DashboardModel } from './desired/dashboard-source.ts';
import type { Outcome, StepContext } from './steps/context.ts';
import { preflight } from './steps/preflight.ts';
import { ensureOrg } from './steps/org.ts';
import { ensureDatasource, type DatasourceResult } from './steps/datasource.ts';
import { ensurePlugins } from './steps/plugins.ts';
import { ensureDashboards, ensureFolder } from './steps/dashboards.ts';
import { ensureAlertRules, ensureContactPoints, ensurePolicies } from './steps/alerting.ts';
import { pruneAlertRules, pruneDashboards } from './steps/prune.ts';

export interface ProvisionInput {
  slug: string;
  /** Grafana org name when one has to be found or created (default: the tenant's name, else the slug). */
  orgName?: string;
  /** The backend URL as Grafana's server reaches it (datasource jsonData.url). */
  backendUrl: string;
  /** Register this secret as the tenant's datasource key instead of generating one. */
  grafanaKey?: string;
  dashboards: DashboardModel[];
  alerting: AlertingDefinition;
}

export interface ProvisionSummary {
  tenant: { slug: string; id: string; created: boolean };
  org: { id: number; name: string; created: boolean };
  datasource: DatasourceResult;
  plugins: Record<string, Outcome>;
  folder: Outcome;
  dashboards: Record<string, Outcome>;
  contactPoints: Record<string, Outcome>;
  policies: Outcome;
  alertRules: Record<string, Outcome>;
  /** uids of dashboards and rules an earlier run made that are no longer defined, now deleted. */
  pruned: { dashboards: string[]; alertRules: string[] };
}

export type Progress = StepContext['progress'];

export async function provisionTenant(grafana: GrafanaClient, port: TenantPort, input: ProvisionInput, progress: Progress): Promise<ProvisionSummary> {
  const caller = await preflight(grafana);
  progress('grafana credentials', 'unchanged', caller.login ? `server admin ${caller.login}` : `token for org ${caller.tokenOrg!.id}`);

  const existing = await port.getTenant(input.slug);
  const org = await ensureOrg(grafana, caller, {
    mappedOrgId: existing?.grafanaOrgId ?? null,
    name: input.orgName ?? existing?.name ?? input.slug,
  });
  progress('grafana org', org.created ? 'created' : 'unchanged', `${org.name} (id ${org.orgId})`);

  const { tenant, created } = await port.ensureTenant(input.slug, existing ? { grafanaOrgId: org.orgId } : { name: org.name, grafanaOrgId: org.orgId });
  progress('semantest tenant', created ? 'created' : existing?.grafanaOrgId === org.orgId ? 'unchanged' : 'updated', `${tenant.slug} → org ${org.orgId} (${port.describe})`);

  const ctx: StepContext = { grafana, orgId: org.orgId, progress };
  const datasource = await ensureDatasource(ctx, port, { slug: input.slug, backendUrl: input.backendUrl, importSecret: input.grafanaKey });
  const plugins = await ensurePlugins(ctx);
  const folder = await ensureFolder(ctx);
  const dashboards = await ensureDashboards(ctx, input.dashboards, folder.uid);
  const contactPoints = await ensureContactPoints(ctx, input.alerting);
  const policies = await ensurePolicies(ctx, input.alerting);
  const alertRules = await ensureAlertRules(ctx, input.alerting, folder.uid);
  const pruned = {
    dashboards: await pruneDashboards(ctx, folder.uid, new Set(input.dashboards.map((d) => d.uid))),
    alertRules: await pruneAlertRules(ctx, folder.uid, input.alerting.rules(org.orgId, folder.uid)),
  };
  return {
    tenant: { slug: tenant.slug, id: tenant.id, created },
    org: { id: org.orgId, name: org.name, created: org.created },
    datasource,
    plugins,
    folder: folder.outcome,
    dashboards,
    contactPoints,
    policies,
    alertRules,
    pruned,
  };
}
