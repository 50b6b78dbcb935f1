/**
 * Reads provisioning/alerting/*.yaml (Grafana's file-provisioning format) and
 * turns it into the bodies of the alerting provisioning HTTP API, for any
 * org. One definition, two delivery paths: Grafana loads the files into org
 * 1, the CLI sends the same rules, contact points and routes to tenant orgs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ApiAlertQuery {
  refId: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** Body of POST/PUT /api/v1/provisioning/alert-rules (ProvisionedAlertRule). */
export interface ApiAlertRule {
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: ApiAlertQuery[];
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

/** Body of POST/PUT /api/v1/provisioning/contact-points (EmbeddedContactPoint). */
export interface ApiContactPoint {
  uid: string;
  name: string;
  type: string;
  settings: Record<string, unknown>;
  disableResolveMessage: boolean;
}

export type Route = Record<string, unknown> & { receiver?: string; object_matchers?: string[][]; routes?: Route[] };

export interface AlertingDefinition {
  rules: (orgId: number, folderUid: string) => ApiAlertRule[];
  contactPoints: ApiContactPoint[];
  /** Child routes the CLI keeps under each tenant org's root policy. */
  routes: Route[];
}

type Doc = { groups?: any[]; contactPoints?: any[]; policies?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function loadAlertingDefinition(provisioningDir: string): AlertingDefinition {
  const dir = join(provisioningDir, 'alerting');
  const docs = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => parse(readFileSync(join(dir, f), 'utf8')) as Doc);
  const groups = docs.flatMap((d) => d.groups ?? []);
  const contactPoints: ApiContactPoint[] = docs.flatMap((d) =>
    (d.contactPoints ?? []).flatMap((cp) =>
      (cp.receivers ?? []).map((r: Record<string, unknown>) => ({
        uid: String(r.uid),
        name: String(cp.name),
        type: String(r.type),
        settings: (r.settings ?? {}) as Record<string, unknown>,
        disableResolveMessage: Boolean(r.disableResolveMessage),
      })),
    ),
  );
  const routes: Route[] = docs.flatMap((d) => (d.policies ?? []).flatMap((p) => (p.routes ?? []) as Route[]));
  return {
    contactPoints,
    routes,
    rules: (orgId, folderUid) =>
      groups.flatMap((g) =>
        (g.rules ?? []).map((r: Record<string, any>) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
          uid: String(r.uid),
          orgID: orgId,
          folderUID: folderUid,
          ruleGroup: String(g.name),
          title: String(r.title),
          condition: String(r.condition),
          data: (r.data as Array<Record<string, any>>).map((q) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
            refId: String(q.refId),
            queryType: String(q.queryType ?? ''),
            relativeTimeRange: q.relativeTimeRange ?? { from: 0, to: 0 },
            datasourceUid: String(q.datasourceUid),
            model: q.model as Record<string, unknown>,
          })),
          noDataState: String(r.noDataState ?? 'NoData'),
          execErrState: String(r.execErrState ?? 'Error'),
          for: String(r.for ?? '0s'),
          labels: (r.labels ?? {}) as Record<string, string>,
          annotations: (r.annotations ?? {}) as Record<string, string>,
          isPaused: Boolean(r.isPaused),
        })),
      ),
  };
}
