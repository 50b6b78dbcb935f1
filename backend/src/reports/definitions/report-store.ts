/**
 * Report definitions in the metadata store. Every read is scoped by tenant:
 * another tenant's id behaves exactly like a missing one (404).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error.ts';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { ReportDefinition, StoredReport } from './types.ts';

interface Row {
  id: string;
  tenant_id: string;
  owner: string;
  owner_email?: string | null;
  paused: boolean;
  definition: ReportDefinition | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function toReport(r: Row): StoredReport {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    owner: r.owner,
    ...(r.owner_email ? { ownerEmail: r.owner_email } : {}),
    paused: r.paused,
    definition: typeof r.definition === 'string' ? (JSON.parse(r.definition) as ReportDefinition) : r.definition,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export class ReportStore {
  constructor(private readonly db: SqlExecutor) {}

  /** `ownerEmail`: where failure notices go (the creating user's e-mail, when known). */
  async create(tenantId: string, owner: string, def: ReportDefinition, ownerEmail?: string): Promise<StoredReport> {
    const [row] = await this.db.query<Row>(
      `INSERT INTO reports (id, tenant_id, name, definition, owner, has_schedule, owner_email) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [randomUUID(), tenantId, def.name, JSON.stringify(def), owner, def.schedule !== undefined, ownerEmail ?? null]
    );
    return toReport(row as Row);
  }

  async list(tenantId: string): Promise<StoredReport[]> {
    return (await this.db.query<Row>('SELECT * FROM reports WHERE tenant_id = $1 ORDER BY name, id', [tenantId])).map(
      toReport
    );
  }

  async require(tenantId: string, id: string): Promise<StoredReport> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', 'No such report in this tenant.');
    const [row] = await this.db.query<Row>('SELECT * FROM reports WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    if (!row) throw new AppError('NOT_FOUND', 'No such report in this tenant.');
    return toReport(row);
  }

  async update(tenantId: string, id: string, def: ReportDefinition): Promise<StoredReport> {
    const [row] = await this.db.query<Row>(
      `UPDATE reports SET name = $3, definition = $4, has_schedule = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, def.name, JSON.stringify(def), def.schedule !== undefined]
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such report in this tenant.');
    return toReport(row);
  }

  async setPaused(tenantId: string, id: string, paused: boolean): Promise<StoredReport> {
    const [row] = await this.db.query<Row>(
      'UPDATE reports SET paused = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING *',
      [tenantId, id, paused]
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such report in this tenant.');
    return toReport(row);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    const rows = await this.db.query('DELETE FROM reports WHERE tenant_id = $1 AND id = $2 RETURNING id', [
      tenantId,
      id,
    ]);
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'No such report in this tenant.');
  }

  /** Active scheduled reports of every tenant, for the scheduler. */
  async scheduled(): Promise<StoredReport[]> {
    return (await this.db.query<Row>('SELECT * FROM reports WHERE has_schedule AND NOT paused ORDER BY id')).map(
      toReport
    );
  }
}
