export const KEY_KINDS = ['ingest', 'query', 'admin', 'grafana'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  grafanaOrgId: number | null;
  retentionDays: number;
  settings: Record<string, unknown>;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  tenantId: string;
  kind: KeyKind;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What an authenticated request knows about its caller. */
export interface AuthContext {
  tenant: Tenant;
  key: ApiKeyInfo;
}
