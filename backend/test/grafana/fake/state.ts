/** What the fake Grafana remembers, per organization, like Grafana's database. */
export interface Datasource {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  access: string;
  url: string;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  readOnly: boolean;
  version: number;
}

export interface Dashboard {
  model: Record<string, unknown>;
  folderUid: string;
  version: number;
  id: number;
  provisioned: boolean;
}

export type Provenance = '' | 'api' | 'file';

export interface OrgState {
  id: number;
  name: string;
  members: Map<string, string>;
  datasources: Map<string, Datasource>;
  plugins: Map<string, { enabled: boolean; pinned: boolean; jsonData: Record<string, unknown> }>;
  folders: Map<string, { id: number; uid: string; title: string; version: number }>;
  dashboards: Map<string, Dashboard>;
  contactPoints: Map<string, { cp: Record<string, unknown>; provenance: Provenance }>;
  policy: { tree: Record<string, unknown>; provenance: Provenance };
  rules: Map<string, { rule: Record<string, unknown>; provenance: Provenance }>;
}

let nextId = 1;
export const newId = () => nextId++;

export function newOrg(id: number, name: string, creator: string): OrgState {
  return {
    id,
    name,
    members: new Map([[creator, 'Admin']]),
    datasources: new Map(),
    plugins: new Map(),
    folders: new Map(),
    dashboards: new Map(),
    // Every new org gets Grafana's default contact point and a root policy pointing at it.
    contactPoints: new Map([
      ['default-email', { cp: { uid: 'default-email', name: 'grafana-default-email', type: 'email', settings: { addresses: '<example@email.com>' }, disableResolveMessage: false }, provenance: '' }],
    ]),
    policy: { tree: { receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'] }, provenance: '' },
    rules: new Map(),
  };
}
