/**
 * Options shared by `tenant provision` and `tenant deprovision`: where
 * Grafana is and how to sign in, and where Semantest's tenants live (this
 * process's stores, or a running server's operator API).
 */
import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { GrafanaClient, type GrafanaAuth } from '../../grafana/api/grafana-client.ts';
import { httpTenantPort } from '../../grafana/semantest/http-tenant-port.ts';
import type { TenantPort } from '../../grafana/semantest/tenant-port.ts';

export interface GrafanaCliOptions {
  grafanaUrl: string;
  grafanaUser?: string;
  grafanaPassword?: string;
  grafanaToken?: string;
  semantestUrl?: string;
  operatorToken?: string;
}

export function withGrafanaOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--grafana-url <url>', 'Grafana base URL, e.g. http://grafana:3000')
    .option('--grafana-user <login>', 'Grafana server admin login (basic auth)')
    .addOption(new Option('--grafana-password <password>', 'its password').env('GRAFANA_PASSWORD'))
    .addOption(new Option('--grafana-token <token>', 'service-account token instead (acts only in its own org)').env('GRAFANA_TOKEN'))
    .option('--semantest-url <url>', 'use a running server through its operator API (it owns DATA_DIR)')
    .addOption(new Option('--operator-token <token>', 'the server\'s SEMANTEST_OPERATOR_TOKEN').env('SEMANTEST_OPERATOR_TOKEN'));
}

export function grafanaClient(o: GrafanaCliOptions): GrafanaClient {
  if (!/^https?:\/\//.test(o.grafanaUrl)) throw new Error(`--grafana-url must be an http(s) URL, got "${o.grafanaUrl}"`);
  let auth: GrafanaAuth;
  if (o.grafanaToken && !o.grafanaUser) auth = { kind: 'token', token: o.grafanaToken };
  else if (o.grafanaUser && o.grafanaPassword !== undefined) auth = { kind: 'basic', user: o.grafanaUser, password: o.grafanaPassword };
  else throw new Error('give --grafana-user and --grafana-password (a server admin), or --grafana-token');
  return new GrafanaClient(o.grafanaUrl, auth);
}

export async function tenantPort(o: GrafanaCliOptions): Promise<TenantPort> {
  if (o.semantestUrl) {
    if (!/^https?:\/\//.test(o.semantestUrl)) throw new Error(`--semantest-url must be an http(s) URL, got "${o.semantestUrl}"`);
    if (!o.operatorToken) throw new Error('--semantest-url needs --operator-token (or SEMANTEST_OPERATOR_TOKEN)');
    return httpTenantPort(o.semantestUrl, o.operatorToken);
  }
  const { openLocalTenantPort } = await import('../../grafana/semantest/local-tenant-port.ts');
  return openLocalTenantPort(loadConfig());
}

/** Progress goes to stderr so stdout stays one JSON object with --json. */
export function stderrProgress(step: string, outcome: string, detail = ''): void {
  process.stderr.write(`  ${outcome.padEnd(9)} ${step}${detail ? `  ${detail}` : ''}\n`);
}
