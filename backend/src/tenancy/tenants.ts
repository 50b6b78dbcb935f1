/**
 * Tenant service: the one place tenants are created, read and changed. The API
 * and the CLI both call it, so they behave identically.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { MetadataDb, SqlExecutor } from '../storage/metadata/driver.ts';
import type { Tenant } from './types.ts';

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  grafana_org_id: number | null;
  retention_days: number;
  settings: Record<string, unknown>;
  created_at: Date | string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    grafanaOrgId: row.grafana_org_id,
    retentionDays: row.retention_days,
    settings: row.settings ?? {},
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface CreateTenantInput {
  slug: string;
  name?: string;
  grafanaOrgId?: number | null;
  retentionDays?: number;
}

export class TenantService {
  constructor(private readonly db: MetadataDb) {}

  async create(input: CreateTenantInput, tx: SqlExecutor = this.db): Promise<Tenant> {
    if (!SLUG.test(input.slug)) {
      throw new AppError('VALIDATION_FAILED', `slug "${input.slug}" must be 1–63 lowercase letters, digits or dashes, starting with a letter or digit`);
    }
    if (input.grafanaOrgId != null && (!Number.isInteger(input.grafanaOrgId) || input.grafanaOrgId < 1)) {
      throw new AppError('VALIDATION_FAILED', 'grafanaOrgId must be a positive integer');
    }
    const retention = input.retentionDays ?? 365;
    if (!Number.isInteger(retention) || retention < 1 || retention > 3650) {
      throw new AppError('VALIDATION_FAILED', 'retentionDays must be an integer between 1 and 3650');
    }
    const clash = await tx.query<{ slug: string }>(
      'SELECT slug FROM tenants WHERE slug = $1 OR (grafana_org_id IS NOT NULL AND grafana_org_id = $2)',
      [input.slug, input.grafanaOrgId ?? null],
    );
    if (clash.length > 0) {
      throw new AppError('TENANT_EXISTS', `tenant "${clash[0]!.slug}" already uses this slug or Grafana organization`);
    }
    const rows = await tx.query<TenantRow>(
      `INSERT INTO tenants (id, slug, name, grafana_org_id, retention_days)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [randomUUID(), input.slug, input.name ?? input.slug, input.grafanaOrgId ?? null, retention],
    );
    return toTenant(rows[0]!);
  }

  async list(): Promise<Tenant[]> {
    return (await this.db.query<TenantRow>('SELECT * FROM tenants ORDER BY slug')).map(toTenant);
  }

  async getBySlug(slug: string): Promise<Tenant> {
    const rows = await this.db.query<TenantRow>('SELECT * FROM tenants WHERE slug = $1', [slug]);
    if (rows.length === 0) throw new AppError('TENANT_NOT_FOUND', `no tenant with slug "${slug}"`);
    return toTenant(rows[0]!);
  }

  async getById(id: string): Promise<Tenant> {
    const rows = await this.db.query<TenantRow>('SELECT * FROM tenants WHERE id = $1', [id]);
    if (rows.length === 0) throw new AppError('TENANT_NOT_FOUND', `no tenant with id "${id}"`);
    return toTenant(rows[0]!);
  }

  async update(slug: string, patch: { name?: string; grafanaOrgId?: number | null; retentionDays?: number }): Promise<Tenant> {
    const current = await this.getBySlug(slug);
    const rows = await this.db.query<TenantRow>(
      `UPDATE tenants SET name = $2, grafana_org_id = $3, retention_days = $4 WHERE id = $1 RETURNING *`,
      [
        current.id,
        patch.name ?? current.name,
        patch.grafanaOrgId === undefined ? current.grafanaOrgId : patch.grafanaOrgId,
        patch.retentionDays ?? current.retentionDays,
      ],
    );
    return toTenant(rows[0]!);
  }
}
