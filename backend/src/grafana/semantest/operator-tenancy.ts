/**
 * What tenant provisioning needs from Semantest, over the existing tenancy
 * services: create-or-update a tenant, create or import a key, list and
 * revoke keys. The operator HTTP routes and the CLI's local mode both call
 * this, so they converge identically.
 *
 * Invariant: every operation is idempotent when repeated with the same input
 * (ensureTenant with the same fields, importKey with the same secret), which
 * is what lets `tenant provision` be re-run after a failure half way.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error.ts';
import type { MetadataDb } from '../../storage/metadata/driver.ts';
import { displayPrefix, hashKeySecret, KEY_SHAPE } from '../../tenancy/key-secret.ts';
import type { KeyService } from '../../tenancy/keys.ts';
import type { TenantService } from '../../tenancy/tenants.ts';
import type { ApiKeyInfo, KeyKind, Tenant } from '../../tenancy/types.ts';

export interface TenantSpec {
  name?: string;
  /** null unmaps the tenant from Grafana; undefined leaves the mapping alone. */
  grafanaOrgId?: number | null;
  retentionDays?: number;
}

export interface OperatorTenancyDeps {
  tenants: TenantService;
  keys: KeyService;
  metadata: MetadataDb;
}

export class OperatorTenancy {
  constructor(private readonly deps: OperatorTenancyDeps) {}

  async getTenant(slug: string): Promise<Tenant | null> {
    try {
      return await this.deps.tenants.getBySlug(slug);
    } catch (err) {
      if (err instanceof AppError && err.code === 'TENANT_NOT_FOUND') return null;
      throw err;
    }
  }

  /** Creates the tenant or changes the given fields; `created` tells which. */
  async ensureTenant(slug: string, spec: TenantSpec): Promise<{ tenant: Tenant; created: boolean }> {
    const current = await this.getTenant(slug);
    if (current && spec.grafanaOrgId != null && spec.grafanaOrgId !== current.grafanaOrgId) {
      await this.#refuseOrgTakenByOther(slug, spec.grafanaOrgId);
    }
    if (!current) {
      return { tenant: await this.deps.tenants.create({ slug, ...spec }), created: true };
    }
    const unchanged =
      (spec.name === undefined || spec.name === current.name) &&
      (spec.grafanaOrgId === undefined || spec.grafanaOrgId === current.grafanaOrgId) &&
      (spec.retentionDays === undefined || spec.retentionDays === current.retentionDays);
    if (unchanged) return { tenant: current, created: false };
    return { tenant: await this.deps.tenants.update(slug, spec), created: false };
  }

  listKeys(slug: string): Promise<ApiKeyInfo[]> {
    return this.deps.keys.list(slug);
  }

  createKey(slug: string, kind: KeyKind, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
    return this.deps.keys.create(slug, kind, name);
  }

  /**
   * Registers a secret generated elsewhere (e.g. the demo key in .env that
   * Grafana's provisioning file also reads). Only its hash is stored. The
   * same secret again for the same tenant returns the existing key; a secret
   * known to another tenant, or revoked, is refused rather than revived.
   */
  async importKey(slug: string, kind: KeyKind, name: string, secret: string): Promise<{ info: ApiKeyInfo; created: boolean }> {
    if (!KEY_SHAPE.test(secret) || !secret.startsWith(`smt_${kind}_`)) {
      throw new AppError('VALIDATION_FAILED', `the secret must look like smt_${kind}_ followed by 32 letters or digits`);
    }
    const tenant = await this.deps.tenants.getBySlug(slug);
    const hash = hashKeySecret(secret);
    const existing = await this.deps.metadata.query<{ id: string; tenant_id: string; revoked_at: unknown; kind: string }>(
      'SELECT id, tenant_id, revoked_at, kind FROM api_keys WHERE secret_hash = $1',
      [hash],
    );
    const row = existing[0];
    if (row) {
      if (row.tenant_id !== tenant.id || row.kind !== kind || row.revoked_at != null) {
        throw new AppError('KEY_CONFLICT', 'this secret is registered for another tenant or kind, or was revoked; generate a new one');
      }
      return { info: await this.#keyInfo(slug, row.id), created: false };
    }
    const id = randomUUID();
    await this.deps.metadata.query(
      `INSERT INTO api_keys (id, tenant_id, kind, name, prefix, secret_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, tenant.id, kind, name, displayPrefix(secret), hash],
    );
    return { info: await this.#keyInfo(slug, id), created: true };
  }

  revokeKey(slug: string, keyId: string): Promise<ApiKeyInfo> {
    return this.deps.keys.revoke(slug, keyId);
  }

  async #keyInfo(slug: string, id: string): Promise<ApiKeyInfo> {
    const info = (await this.deps.keys.list(slug)).find((k) => k.id === id);
    if (!info) throw new AppError('KEY_NOT_FOUND', `no key ${id} in tenant ${slug}`);
    return info;
  }

  async #refuseOrgTakenByOther(slug: string, orgId: number): Promise<void> {
    const other = (await this.deps.tenants.list()).find((t) => t.grafanaOrgId === orgId && t.slug !== slug);
    if (other) throw new AppError('TENANT_EXISTS', `Grafana organization ${orgId} is already mapped to tenant "${other.slug}"`);
  }
}
