/**
 * API keys: created with a kind, shown once, stored as a hash, revocable;
 * last use is recorded at a coarse resolution so authentication does not
 * write on every request.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { KEEP_WARM_MS, RefreshCache } from '../security/refresh-cache.ts';
import type { MetadataDb } from '../storage/metadata/driver.ts';
import { displayPrefix, hashKeySecret, KEY_SHAPE, newKeySecret } from './key-secret.ts';
import { KEY_KINDS, type ApiKeyInfo, type AuthContext, type KeyKind } from './types.ts';
import type { TenantService } from './tenants.ts';

interface KeyRow {
  id: string;
  tenant_id: string;
  kind: KeyKind;
  name: string;
  prefix: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const iso = (v: Date | string | null): string | null => (v == null ? null : new Date(v).toISOString());

function toInfo(row: KeyRow): ApiKeyInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    name: row.name,
    prefix: row.prefix,
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

export interface KeyServiceOptions {
  cacheTtlMs: number;
  lastUsedResolutionMs: number;
}

export class KeyService {
  /**
   * Authenticated keys by secret hash (revocation through this service evicts at once), refreshed in the background after half the TTL so a
   * request never waits on the metadata store for a key it saw a moment ago; never older than
   * cacheTtlMs (the bound for a revocation made by another process). authenticateCached() serves
   * the same entries without a promise while they are fresh (younger than cacheTtlMs / 2).
   */
  readonly #cache: RefreshCache<AuthContext>;
  readonly #lastWritten = new Map<string, number>();

  constructor(
    private readonly db: MetadataDb,
    private readonly tenants: TenantService,
    private readonly opts: KeyServiceOptions = { cacheTtlMs: 5_000, lastUsedResolutionMs: 60_000 },
  ) {
    this.#cache = new RefreshCache<AuthContext>(opts.cacheTtlMs / 2, opts.cacheTtlMs / 2, Date.now, { refreshAhead: { keepWarmMs: KEEP_WARM_MS } });
  }

  async create(tenantSlug: string, kind: string, name = ''): Promise<{ key: string; info: ApiKeyInfo }> {
    if (!(KEY_KINDS as readonly string[]).includes(kind)) {
      throw new AppError('VALIDATION_FAILED', `key kind must be one of ${KEY_KINDS.join(', ')}`);
    }
    const tenant = await this.tenants.getBySlug(tenantSlug);
    const secret = newKeySecret(kind as KeyKind);
    const rows = await this.db.query<KeyRow>(
      `INSERT INTO api_keys (id, tenant_id, kind, name, prefix, secret_hash)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [randomUUID(), tenant.id, kind, name, displayPrefix(secret), hashKeySecret(secret)],
    );
    return { key: secret, info: toInfo(rows[0]!) };
  }

  async list(tenantSlug: string): Promise<ApiKeyInfo[]> {
    const tenant = await this.tenants.getBySlug(tenantSlug);
    const rows = await this.db.query<KeyRow>('SELECT * FROM api_keys WHERE tenant_id = $1 ORDER BY created_at', [tenant.id]);
    return rows.map(toInfo);
  }

  /** Revokes a key of the given tenant; a key id of another tenant is "not found". */
  async revoke(tenantSlug: string, keyId: string): Promise<ApiKeyInfo> {
    const tenant = await this.tenants.getBySlug(tenantSlug);
    if (!/^[0-9a-f-]{36}$/i.test(keyId)) throw new AppError('KEY_NOT_FOUND', `no key ${keyId} in tenant ${tenantSlug}`);
    const rows = await this.db.query<KeyRow>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
       WHERE id = $1 AND tenant_id = $2 RETURNING *`,
      [keyId, tenant.id],
    );
    if (rows.length === 0) throw new AppError('KEY_NOT_FOUND', `no key ${keyId} in tenant ${tenantSlug}`);
    this.#cache.invalidateAll();
    return toInfo(rows[0]!);
  }

  /** Resolves a bearer secret to its tenant and key, or throws a 401 AppError. */
  async authenticate(secret: string): Promise<AuthContext> {
    if (!KEY_SHAPE.test(secret)) {
      throw new AppError('AUTH_INVALID_KEY', 'The bearer token is not a Semantest API key (expected smt_<kind>_…).');
    }
    const hash = hashKeySecret(secret);
    const now = Date.now();
    const ctx = await this.#cache.get(hash, () => this.#load(hash));
    this.#touch(ctx.key.id, now);
    return ctx;
  }

  /**
   * The same answer as authenticate() for a key loaded within the cache's fresh window, without
   * a promise (the auth hook runs on every request); undefined means "ask authenticate()", which
   * also produces every error (unknown, revoked, malformed).
   */
  authenticateCached(secret: string): AuthContext | undefined {
    if (!KEY_SHAPE.test(secret)) return undefined;
    const ctx = this.#cache.peekFresh(hashKeySecret(secret));
    if (ctx) this.#touch(ctx.key.id, Date.now());
    return ctx;
  }

  async #load(hash: string): Promise<AuthContext> {
    const rows = await this.db.query<KeyRow>('SELECT * FROM api_keys WHERE secret_hash = $1', [hash]);
    const row = rows[0];
    if (!row) throw new AppError('AUTH_INVALID_KEY', 'The API key is not known; check for typos or create a new key.');
    const info = toInfo(row);
    if (info.revokedAt) throw new AppError('AUTH_KEY_REVOKED', `The API key ${info.prefix}… was revoked at ${info.revokedAt}.`);
    return { tenant: await this.tenants.getById(row.tenant_id), key: info };
  }

  #touch(keyId: string, now: number): void {
    const last = this.#lastWritten.get(keyId) ?? 0;
    if (now - last < this.opts.lastUsedResolutionMs) return;
    this.#lastWritten.set(keyId, now);
    // Best effort: a failed timestamp update must not fail the request.
    void this.db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]).catch(() => undefined);
  }
}
