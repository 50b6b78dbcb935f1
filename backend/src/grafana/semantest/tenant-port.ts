/**
 * How the provisioner reaches Semantest's tenants and keys: in-process over
 * the stores (`local`, the CLI owns DATA_DIR) or over the running server's
 * operator API (`http`, when the server owns DATA_DIR, as in docker compose).
 * Both end in OperatorTenancy, so they behave the same.
 */
import type { ApiKeyInfo, KeyKind, Tenant } from '../../tenancy/types.ts';
import type { TenantSpec } from './operator-tenancy.ts';

export interface TenantPort {
  /** Where the tenant data lives, for progress messages. */
  readonly describe: string;
  getTenant(slug: string): Promise<Tenant | null>;
  ensureTenant(slug: string, spec: TenantSpec): Promise<{ tenant: Tenant; created: boolean }>;
  listKeys(slug: string): Promise<ApiKeyInfo[]>;
  createKey(slug: string, kind: KeyKind, name: string): Promise<{ key: string; info: ApiKeyInfo }>;
  importKey(slug: string, kind: KeyKind, name: string, secret: string): Promise<{ info: ApiKeyInfo; created: boolean }>;
  revokeKey(slug: string, keyId: string): Promise<ApiKeyInfo>;
  close(): Promise<void>;
}
