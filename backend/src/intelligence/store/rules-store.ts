/**
 * Per-tenant signature rules and per-project owner rules (an uploaded
 * CODEOWNERS file and API path rules). Writes replace the whole list in one
 * transaction: the order of rules is their meaning (first signature rule
 * wins, last owner rule wins), so partial edits would be error-prone.
 */
import type { MetadataDb, SqlExecutor } from '../../storage/metadata/driver.ts';
import type { SignatureRule } from '../signature/rules.ts';
import type { OwnerRule } from '../owners/codeowners.ts';

export interface OwnerConfig {
  codeowners: string | null;
  rules: OwnerRule[];
}

export class RulesStore {
  constructor(private readonly db: MetadataDb) {}

  async signatureRules(tenant: string): Promise<SignatureRule[]> {
    const rows = await this.db.query<{ pattern: string; flags: string; signature: string }>(
      'SELECT pattern, flags, signature FROM signature_rules WHERE tenant_id = $1 ORDER BY position', [tenant]);
    return rows.map((r) => ({ pattern: r.pattern, signature: r.signature, ...(r.flags ? { flags: r.flags } : {}) }));
  }

  async replaceSignatureRules(tenant: string, rules: readonly SignatureRule[], by: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM signature_rules WHERE tenant_id = $1', [tenant]);
      for (const [i, r] of rules.entries()) {
        await tx.query('INSERT INTO signature_rules (tenant_id, position, pattern, flags, signature, created_by) VALUES ($1, $2, $3, $4, $5, $6)',
          [tenant, i, r.pattern, r.flags ?? '', r.signature, by]);
      }
    });
  }

  async ownerConfig(tenant: string, project: string): Promise<OwnerConfig> {
    return readOwnerConfig(this.db, tenant, project);
  }

  async replaceCodeowners(tenant: string, project: string, text: string, by: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM owner_rules WHERE tenant_id = $1 AND project = $2 AND kind = 'codeowners'`, [tenant, project]);
      await tx.query(`INSERT INTO owner_rules (tenant_id, project, kind, position, codeowners, updated_by) VALUES ($1, $2, 'codeowners', 0, $3, $4)`,
        [tenant, project, text, by]);
    });
  }

  async replaceOwnerRules(tenant: string, project: string, rules: readonly OwnerRule[], by: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM owner_rules WHERE tenant_id = $1 AND project = $2 AND kind = 'rule'`, [tenant, project]);
      for (const [i, r] of rules.entries()) {
        await tx.query(`INSERT INTO owner_rules (tenant_id, project, kind, position, pattern, owners, updated_by) VALUES ($1, $2, 'rule', $3, $4, $5, $6)`,
          [tenant, project, i, r.pattern, r.owners, by]);
      }
    });
  }

  /** (tenant, project) pairs with owner config, and tenants with signature rules: the ingest cache's preload (a system read). */
  async allKeys(): Promise<{ ownerProjects: Array<{ tenant_id: string; project: string }>; signatureTenants: string[] }> {
    const ownerProjects = await this.db.query<{ tenant_id: string; project: string }>('SELECT DISTINCT tenant_id, project FROM owner_rules');
    const sig = await this.db.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM signature_rules');
    return { ownerProjects, signatureTenants: sig.map((r) => r.tenant_id) };
  }
}

export async function readOwnerConfig(db: SqlExecutor, tenant: string, project: string): Promise<OwnerConfig> {
  const rows = await db.query<{ kind: string; pattern: string; owners: string[]; codeowners: string | null }>(
    'SELECT kind, pattern, owners, codeowners FROM owner_rules WHERE tenant_id = $1 AND project = $2 ORDER BY kind, position', [tenant, project]);
  return {
    codeowners: rows.find((r) => r.kind === 'codeowners')?.codeowners ?? null,
    rules: rows.filter((r) => r.kind === 'rule').map((r) => ({ pattern: r.pattern, owners: r.owners })),
  };
}
