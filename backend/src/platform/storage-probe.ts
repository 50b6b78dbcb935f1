/**
 * Rows stored and bytes on disk per tenant. The fact tables are partitioned by
 * month, not tenant, so `system.parts` only knows bytes per table: a tenant's
 * bytes are ESTIMATED as table bytes × the tenant's share of the table's rows.
 * Rows per tenant are exact (`count() GROUP BY tenant_id` reads only the
 * LowCardinality sort-key column), but that is still a scan, so the sampler
 * runs this every few minutes, not every tick.
 * Internal maintenance read ACROSS tenants (no tenant predicate, hence the
 * DANGEROUS_ name, greppable like the compiler's bypass): it never reaches a
 * user; users see only their own tenant's samples through the guarded
 * `platform` dataset (test/security/analytics-reads.test.ts keeps it listed).
 */
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';

const TABLES = ['test_results', 'test_runs', 'perf_samples'] as const;

export interface TenantStorage {
  rows: number;
  bytesEstimate: number;
}

export async function DANGEROUS_storageAcrossTenants(db: AnalyticsDriver): Promise<Map<string, TenantStorage>> {
  const counts = await db.query<{ tenant_id: string; tbl: string; n: number | string }>(
    TABLES.map((t) => `SELECT tenant_id, '${t}' AS tbl, count() AS n FROM ${t} GROUP BY tenant_id`).join(' UNION ALL '),
  );
  const parts = await db.query<{ table: string; bytes: number | string; rows: number | string }>(
    `SELECT table, sum(bytes_on_disk) AS bytes, sum(rows) AS rows FROM system.parts
     WHERE active AND database = currentDatabase() AND table IN {tables:Array(String)} GROUP BY table`,
    { tables: [...TABLES] },
  );
  const perTable = new Map(parts.map((p) => [p.table, { bytes: Number(p.bytes), rows: Number(p.rows) }]));
  const out = new Map<string, TenantStorage>();
  for (const c of counts) {
    const n = Number(c.n);
    const t = perTable.get(c.tbl);
    const s = out.get(c.tenant_id) ?? { rows: 0, bytesEstimate: 0 };
    s.rows += n;
    if (t && t.rows > 0) s.bytesEstimate += (t.bytes * Math.min(n, t.rows)) / t.rows;
    out.set(c.tenant_id, s);
  }
  return out;
}
