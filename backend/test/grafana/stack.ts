/**
 * A test stack for provisioning: the fake Grafana, a real Semantest app
 * (chDB + PGlite) listening on a loopback port with the operator API on, and
 * shortcuts that run the provisioner the way the CLI does in docker compose
 * (tenants through the operator API).
 */
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { startFakeGrafana, type FakeGrafana, type FakeGrafanaOptions } from './fake-grafana.ts';
import { GrafanaClient, type GrafanaAuth } from '../../src/grafana/api/grafana-client.ts';
import { httpTenantPort } from '../../src/grafana/semantest/http-tenant-port.ts';
import { provisionTenant, type ProvisionSummary } from '../../src/grafana/provision-tenant.ts';
import { deprovisionTenant } from '../../src/grafana/deprovision-tenant.ts';
import { loadAlertingDefinition, type AlertingDefinition } from '../../src/grafana/desired/alerting-files.ts';
import { DEFAULT_PROVISIONING_DIR } from '../../src/grafana/desired/constants.ts';
import type { DashboardModel } from '../../src/grafana/desired/dashboard-source.ts';
import type { OrgState } from './fake/state.ts';

export const OPERATOR_TOKEN = 'stack-operator-token-0123456789abcdef';
export const BACKEND_URL = 'http://backend:8080';
export const DASHBOARDS: DashboardModel[] = [
  {
    uid: 'semantest-realtime',
    title: 'Test execution (real time)',
    schemaVersion: 41,
    tags: ['semantest'],
    panels: [{ id: 1, type: 'semantest-healthmatrix-panel', title: 'Health', datasource: { type: 'semantest-analytics-datasource', uid: 'semantest' }, targets: [{ refId: 'A', dataset: 'results' }] }],
  },
];

export interface Stack {
  fake: FakeGrafana;
  app: TestApp;
  semantestUrl: string;
  grafana(auth?: GrafanaAuth): GrafanaClient;
  provision(slug: string, extra?: { grafanaKey?: string; auth?: GrafanaAuth; orgName?: string; dashboards?: DashboardModel[]; alerting?: AlertingDefinition }): Promise<ProvisionSummary>;
  deprovision(slug: string, auth?: GrafanaAuth): ReturnType<typeof deprovisionTenant>;
  progress: string[];
  close(): Promise<void>;
}

export async function startStack(fakeOpts: FakeGrafanaOptions = {}): Promise<Stack> {
  const fake = await startFakeGrafana(fakeOpts);
  const app = await startTestApp({}, { SEMANTEST_OPERATOR_TOKEN: OPERATOR_TOKEN });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const semantestUrl = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  const port = httpTenantPort(semantestUrl, OPERATOR_TOKEN);
  const alerting = loadAlertingDefinition(DEFAULT_PROVISIONING_DIR);
  const progress: string[] = [];
  const record = (step: string, outcome: string, detail = '') => void progress.push(`${outcome} ${step} ${detail}`);
  const grafana = (auth: GrafanaAuth = { kind: 'basic', user: 'admin', password: 'admin' }) => new GrafanaClient(fake.url, auth);
  return {
    fake,
    app,
    semantestUrl,
    grafana,
    progress,
    provision: (slug, extra = {}) =>
      provisionTenant(grafana(extra.auth), port, { slug, backendUrl: BACKEND_URL, dashboards: extra.dashboards ?? DASHBOARDS, alerting: extra.alerting ?? alerting, grafanaKey: extra.grafanaKey, orgName: extra.orgName }, record),
    deprovision: (slug, auth) => deprovisionTenant(grafana(auth), port, slug, record),
    async close() {
      await fake.close();
      await app.close();
    },
  };
}

/** An org's whole state as plain JSON, for "identical after a re-run" checks. */
export function snapshot(org: OrgState): unknown {
  const plain = (m: Map<string, unknown>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return JSON.parse(
    JSON.stringify({
      name: org.name,
      datasources: plain(org.datasources),
      plugins: plain(org.plugins),
      folders: plain(org.folders),
      dashboards: plain(org.dashboards),
      contactPoints: plain(org.contactPoints),
      policy: org.policy,
      rules: [...org.rules.entries()].map(([uid, x]) => [uid, { ...x.rule, updated: undefined }, x.provenance]),
    }),
  );
}

