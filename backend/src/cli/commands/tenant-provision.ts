/**
 * `tenant provision <slug>` and `tenant deprovision <slug>`: a tenant end to
 * end in Grafana through its HTTP API (see grafana/provision-tenant.ts).
 */
import { Option, type Command } from 'commander';
import { provisionTenant } from '../../grafana/provision-tenant.ts';
import { deprovisionTenant } from '../../grafana/deprovision-tenant.ts';
import { loadAlertingDefinition } from '../../grafana/desired/alerting-files.ts';
import { loadDashboards } from '../../grafana/desired/dashboard-source.ts';
import { DEFAULT_PROVISIONING_DIR } from '../../grafana/desired/constants.ts';
import { grafanaClient, stderrProgress, tenantPort, withGrafanaOptions, type GrafanaCliOptions } from './grafana-options.ts';

type Print = (obj: Record<string, unknown>, human: string) => void;

export function registerProvisionCommands(tenant: Command, print: Print): void {
  withGrafanaOptions(tenant.command('provision <slug>'))
    .description('create or converge a tenant in Grafana: org, tenant, grafana key, datasource, plugins, folder, dashboards, alerting (safe to re-run)')
    .requiredOption('--backend-url <url>', 'the Semantest backend URL as the Grafana server reaches it (datasource URL)')
    .option('--org-name <name>', 'Grafana organization name when one is created (default: tenant name or slug)')
    .addOption(new Option('--grafana-key <secret>', 'register this smt_grafana_… secret as the datasource key instead of generating one').env('TENANT_GRAFANA_KEY'))
    .option('--provisioning-dir <dir>', 'where dashboards and alerting definitions are read', DEFAULT_PROVISIONING_DIR)
    .action(async (slug: string, o: GrafanaCliOptions & { backendUrl: string; orgName?: string; grafanaKey?: string; provisioningDir: string }) => {
      if (!/^https?:\/\//.test(o.backendUrl)) throw new Error(`--backend-url must be an http(s) URL, got "${o.backendUrl}"`);
      const grafana = grafanaClient(o);
      const { source, dashboards } = await loadDashboards(o.provisioningDir);
      const alerting = loadAlertingDefinition(o.provisioningDir);
      process.stderr.write(`provisioning tenant ${slug} into ${o.grafanaUrl} (dashboards from ${source})\n`);
      const port = await tenantPort(o);
      try {
        const summary = await provisionTenant(grafana, port, { slug, orgName: o.orgName, backendUrl: o.backendUrl, grafanaKey: o.grafanaKey, dashboards, alerting }, stderrProgress);
        print({ provisioned: summary }, `tenant ${slug} provisioned in Grafana org ${summary.org.id} (${summary.org.name})`);
      } finally {
        await port.close();
      }
    });

  withGrafanaOptions(tenant.command('deprovision <slug>'))
    .description("delete the tenant's Grafana org and revoke its grafana keys (its test data is kept)")
    .action(async (slug: string, o: GrafanaCliOptions) => {
      const grafana = grafanaClient(o);
      const port = await tenantPort(o);
      try {
        const summary = await deprovisionTenant(grafana, port, slug, stderrProgress);
        print({ deprovisioned: summary }, `tenant ${slug} removed from Grafana (${summary.revokedKeyIds.length} key(s) revoked)`);
      } finally {
        await port.close();
      }
    });
}
