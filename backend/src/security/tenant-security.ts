/**
 * The security configuration of a tenant as the query compiler needs it:
 * row policies, masking rules, deny-by-default and the masking key. Loaded
 * from the metadata store and cached per tenant (refresh-cache.ts): reloaded
 * in the background after half the TTL, never served older than the TTL;
 * every change through this service invalidates the cache at once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { MetadataDb } from '../storage/metadata/driver.ts';
import type { TenantService } from '../tenancy/tenants.ts';
import type { Tenant } from '../tenancy/types.ts';
import { validateMaskingRule, validatePolicy, type MaskingRule, type OrgRole, type RowPolicy, type TenantSettings } from '../query/index.ts';
import { parseAccessSettings, type AccessSettings } from './access-settings.ts';
import type { FieldKeyring } from './encryption/keyring.ts';
import { reencryptTenant } from './encryption/reencrypt.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { compilerEncryption, fieldEncryptor, parseEncryptAtRest, type EncryptAtRest, type FieldEncryptor } from './encryption/settings.ts';
import type { EncryptionContext } from '../query/passes/decrypt-fields.ts';
import { KEEP_WARM_MS, RefreshCache } from './refresh-cache.ts';

export interface TenantSecurity {
  policies: RowPolicy[];
  maskingRules: MaskingRule[];
  /** `encryption` is read by the compiler's decrypt pass (query/passes/decrypt-fields.ts). */
  settings: TenantSettings & { encryption?: EncryptionContext };
  /** Encryption at rest as stored (undefined: never configured). */
  encryptAtRest: EncryptAtRest | undefined;
  /** Service principal role and operation permissions (read fresh with the cache, not from the key cache). */
  access: AccessSettings;
}

type Validation = { ok: true } | { ok: false; errors: readonly { path: string; message: string }[] } | readonly unknown[] | void;

function check(result: Validation, what: string): void {
  // The compiler's validators report problems; turn them into a 400 that names them.
  const errors = Array.isArray(result) ? result : result && 'ok' in result && !result.ok ? result.errors : [];
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', `${what}: ${errors.map((e) => (typeof e === 'string' ? e : `${(e as { path?: string }).path ?? ''} ${(e as { message?: string }).message ?? ''}`.trim())).join('; ')}`);
  }
}

export class TenantSecurityService {
  readonly #cache: RefreshCache<TenantSecurity>;
  /** The last value loaded per tenant and a digest of its whole content (see #sameIfUnchanged). */
  readonly #last = new Map<string, { fingerprint: string; value: TenantSecurity }>();

  constructor(
    private readonly db: MetadataDb,
    private readonly tenants: TenantService,
    ttlMs = 5_000,
    private keyring?: FieldKeyring,
  ) {
    // Refresh-ahead: a background reload after ttl/2 keeps requests off the store; nothing older than ttl is served.
    this.#cache = new RefreshCache(ttlMs / 2, ttlMs / 2, Date.now, { refreshAhead: { keepWarmMs: KEEP_WARM_MS } });
  }

  /** The master-key-derived keyring for encryption at rest (services.ts passes it; tests may swap it). */
  setKeyring(keyring: FieldKeyring): void {
    this.keyring = keyring;
    this.#cache.invalidateAll();
  }

  /** The ingest hook for this tenant: undefined when encryption at rest is off. */
  async encryptorFor(tenant: Tenant): Promise<FieldEncryptor | undefined> {
    const s = (await this.load(tenant)).encryptAtRest;
    if (s?.enabled && !this.keyring) throw new AppError('INTERNAL', 'encryption at rest is enabled but no master key is configured');
    return this.keyring ? fieldEncryptor(tenant.id, s, this.keyring) : undefined;
  }

  /** Rewrites the tenant's older encrypted (and legacy plaintext) values under the current key version. */
  async reencrypt(tenant: Tenant, analytics: AnalyticsDriver): Promise<EncryptAtRest> {
    const s = (await this.load(tenant)).encryptAtRest;
    if (!s?.enabled || !this.keyring) throw new AppError('VALIDATION_FAILED', 'encryption at rest is not enabled for this tenant');
    await reencryptTenant(analytics, tenant.id, s, this.keyring);
    return s;
  }

  /**
   * Stores the encryption-at-rest setting. `rotate` bumps currentVersion: new
   * rows use the next derived key, older versions stay readable (keys are
   * derived, nothing else to store), so rotation needs no downtime.
   */
  async setEncryptAtRest(tenant: Tenant, patch: Partial<Omit<EncryptAtRest, 'currentVersion'>> & { rotate?: boolean }): Promise<EncryptAtRest> {
    const fresh = await this.tenants.getById(tenant.id);
    const now = parseEncryptAtRest(fresh.settings.encryptAtRest) ?? { enabled: false, fields: [], allowedRoles: ['Admin'], currentVersion: 1 };
    const next: EncryptAtRest = {
      enabled: patch.enabled ?? now.enabled,
      fields: patch.fields ?? now.fields,
      allowedRoles: patch.allowedRoles ?? now.allowedRoles,
      currentVersion: now.currentVersion + (patch.rotate ? 1 : 0),
    };
    if (next.enabled && !this.keyring) throw new AppError('VALIDATION_FAILED', 'encryption at rest needs a master key (SEMANTEST_MASTER_KEY or DATA_DIR/master.key)');
    await this.db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{encryptAtRest}', $2::jsonb) WHERE id = $1`, [tenant.id, JSON.stringify(next)]);
    this.#cache.invalidate(tenant.id);
    return next;
  }

  load(tenant: Tenant): Promise<TenantSecurity> {
    return this.#cache.get(tenant.id, async () => this.#sameIfUnchanged(tenant.id, await this.#fetch(tenant)));
  }

  /**
   * A reload whose content equals the previous load returns the previous
   * object, so its identity is the security version: the compile cache
   * (queries/compile-cache.ts) keys on it and survives the periodic refresh,
   * while any real change yields a new object and so a fresh compile.
   */
  #sameIfUnchanged(tenantId: string, value: TenantSecurity): TenantSecurity {
    const fingerprint = createHash('sha256').update(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v))).digest('hex');
    const last = this.#last.get(tenantId);
    if (last?.fingerprint === fingerprint) return last.value;
    this.#last.set(tenantId, { fingerprint, value });
    return value;
  }

  async #fetch(tenant: Tenant): Promise<TenantSecurity> {
    // The tenant object of an auth context may be a few seconds stale (key cache); settings are read here.
    const fresh = await this.tenants.getById(tenant.id);
    const [policies, rules] = await Promise.all([
      this.db.query<{ id: string; name: string; definition: Omit<RowPolicy, 'id' | 'name'> }>('SELECT id, name, definition FROM row_policies WHERE tenant_id = $1 ORDER BY name', [tenant.id]),
      this.db.query<{ id: string; definition: Omit<MaskingRule, 'id'> }>('SELECT id, definition FROM masking_rules WHERE tenant_id = $1 ORDER BY field', [tenant.id]),
    ]);
    const encryptAtRest = parseEncryptAtRest(fresh.settings.encryptAtRest);
    const encryption = compilerEncryption(tenant.id, encryptAtRest, this.keyring);
    const value: TenantSecurity = {
      policies: policies.map((p) => ({ ...p.definition, id: p.id, name: p.name })),
      maskingRules: rules.map((r) => ({ ...r.definition, id: r.id })),
      settings: { denyByDefault: fresh.settings.denyByDefault === true, maskingKey: await this.#maskingKey(fresh), ...(encryption ? { encryption } : {}) },
      encryptAtRest,
      access: parseAccessSettings(fresh.settings),
    };
    return value;
  }

  /** Per-tenant secret for keyed-hash and token masking, created on first use. */
  async #maskingKey(tenant: Tenant): Promise<string> {
    if (typeof tenant.settings.maskingKey === 'string') return tenant.settings.maskingKey;
    const key = randomBytes(32).toString('hex');
    const rows = await this.db.query<{ key: string }>(
      `UPDATE tenants SET settings = jsonb_set(settings, '{maskingKey}', to_jsonb(COALESCE(settings->>'maskingKey', $2::text)))
       WHERE id = $1 RETURNING settings->>'maskingKey' AS key`,
      [tenant.id, key],
    );
    return rows[0]?.key ?? key;
  }

  async setDenyByDefault(tenant: Tenant, deny: boolean): Promise<void> {
    await this.db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{denyByDefault}', to_jsonb($2::boolean)) WHERE id = $1`, [tenant.id, deny]);
    this.#cache.invalidate(tenant.id);
  }

  /** Stores the service principal role and/or the operation permissions (validated by the caller). */
  async setAccess(tenant: Tenant, patch: { servicePrincipalRole?: OrgRole; permissions?: Record<string, OrgRole> }): Promise<void> {
    if (patch.servicePrincipalRole !== undefined) {
      await this.db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{servicePrincipalRole}', to_jsonb($2::text)) WHERE id = $1`, [tenant.id, patch.servicePrincipalRole]);
    }
    if (patch.permissions !== undefined) {
      await this.db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{permissions}', $2::jsonb) WHERE id = $1`, [tenant.id, JSON.stringify(patch.permissions)]);
    }
    this.#cache.invalidate(tenant.id);
  }

  async listPolicies(tenant: Tenant): Promise<RowPolicy[]> {
    return (await this.load(tenant)).policies;
  }

  async putPolicy(tenant: Tenant, input: Omit<RowPolicy, 'id'> & { id?: string }): Promise<RowPolicy> {
    const id = input.id ?? randomUUID();
    const policy = { ...input, id } as RowPolicy;
    check(validatePolicy(policy) as Validation, 'invalid row policy');
    const { id: _id, name, ...definition } = policy;
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO row_policies (id, tenant_id, name, definition) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, definition = EXCLUDED.definition, updated_at = now()
       WHERE row_policies.tenant_id = EXCLUDED.tenant_id
       RETURNING id`,
      [id, tenant.id, name, JSON.stringify(definition)],
    ).catch((err: { code?: string }) => {
      if (err.code === '23505') throw new AppError('VALIDATION_FAILED', `a policy named "${name}" already exists`);
      throw err;
    });
    if (rows.length === 0) throw new AppError('NOT_FOUND', `no policy ${id} in this tenant`);
    this.#cache.invalidate(tenant.id);
    return policy;
  }

  async deletePolicy(tenant: Tenant, id: string): Promise<void> {
    const rows = await this.db.query('DELETE FROM row_policies WHERE id = $1 AND tenant_id = $2 RETURNING id', [uuidOr404(id), tenant.id]);
    if (rows.length === 0) throw new AppError('NOT_FOUND', `no policy ${id} in this tenant`);
    this.#cache.invalidate(tenant.id);
  }

  async listMaskingRules(tenant: Tenant): Promise<MaskingRule[]> {
    return (await this.load(tenant)).maskingRules;
  }

  async putMaskingRule(tenant: Tenant, input: Omit<MaskingRule, 'id'> & { id?: string }): Promise<MaskingRule> {
    const id = input.id ?? randomUUID();
    const rule = { ...input, id } as MaskingRule;
    check(validateMaskingRule(rule) as Validation, 'invalid masking rule');
    const { id: _id, ...definition } = rule;
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO masking_rules (id, tenant_id, field, definition) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET field = EXCLUDED.field, definition = EXCLUDED.definition, updated_at = now()
       WHERE masking_rules.tenant_id = EXCLUDED.tenant_id
       RETURNING id`,
      [id, tenant.id, rule.field, JSON.stringify(definition)],
    ).catch((err: { code?: string }) => {
      if (err.code === '23505') throw new AppError('VALIDATION_FAILED', `field ${rule.field} already has a masking rule; update that one`);
      throw err;
    });
    if (rows.length === 0) throw new AppError('NOT_FOUND', `no masking rule ${id} in this tenant`);
    this.#cache.invalidate(tenant.id);
    return rule;
  }

  async deleteMaskingRule(tenant: Tenant, id: string): Promise<void> {
    const rows = await this.db.query('DELETE FROM masking_rules WHERE id = $1 AND tenant_id = $2 RETURNING id', [uuidOr404(id), tenant.id]);
    if (rows.length === 0) throw new AppError('NOT_FOUND', `no masking rule ${id} in this tenant`);
    this.#cache.invalidate(tenant.id);
  }

  forget(tenantId: string): void {
    this.#cache.invalidate(tenantId);
    this.#last.delete(tenantId);
  }
}

function uuidOr404(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError('NOT_FOUND', `no such id ${id}`);
  return id;
}
