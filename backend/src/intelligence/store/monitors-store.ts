/**
 * Monitors on the metadata store: one per project (unique index), config
 * and quarantine policy kept as the user's input and resolved on read, so
 * changed defaults reach monitors that did not override them.
 */
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import { AppError } from '../../errors/app-error.ts';
import type { MonitorConfigInput } from '../monitors/config.ts';
import { DEFAULT_QUARANTINE_POLICY, type QuarantinePolicy } from '../quarantine/model.ts';

export interface MonitorRecord {
  id: string;
  project: string;
  name: string;
  enabled: boolean;
  config: MonitorConfigInput;
  quarantinePolicy: Partial<QuarantinePolicy>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface MonitorInput {
  project: string;
  name: string;
  enabled?: boolean;
  config?: MonitorConfigInput;
  quarantinePolicy?: Partial<QuarantinePolicy>;
}

interface Row {
  monitor_id: string; tenant_id: string; project: string; name: string; enabled: boolean; config: MonitorConfigInput;
  quarantine_policy: Partial<QuarantinePolicy>; created_by: string; created_at: Date | string; updated_at: Date | string;
}

const COLUMNS = 'monitor_id, tenant_id, project, name, enabled, config, quarantine_policy, created_by, created_at, updated_at';

function toRecord(r: Row): MonitorRecord {
  return {
    id: r.monitor_id, project: r.project, name: r.name, enabled: r.enabled, config: r.config, quarantinePolicy: r.quarantine_policy,
    createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export function resolvePolicy(p: Partial<QuarantinePolicy>, monitorName: string): QuarantinePolicy {
  return { ...DEFAULT_QUARANTINE_POLICY, name: monitorName, ...p };
}

export class MonitorStore {
  constructor(private readonly db: SqlExecutor) {}

  async list(tenant: string, project?: string): Promise<MonitorRecord[]> {
    const rows = project
      ? await this.db.query<Row>(`SELECT ${COLUMNS} FROM monitors WHERE tenant_id = $1 AND project = $2 ORDER BY project`, [tenant, project])
      : await this.db.query<Row>(`SELECT ${COLUMNS} FROM monitors WHERE tenant_id = $1 ORDER BY project`, [tenant]);
    return rows.map(toRecord);
  }

  async get(tenant: string, id: string): Promise<MonitorRecord> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM monitors WHERE tenant_id = $1 AND monitor_id = $2`, [tenant, id]);
    if (!rows[0]) throw new AppError('NOT_FOUND', `No monitor ${id}.`);
    return toRecord(rows[0]);
  }

  async create(tenant: string, input: MonitorInput, by: string): Promise<MonitorRecord> {
    const existing = await this.db.query(`SELECT 1 FROM monitors WHERE tenant_id = $1 AND project = $2`, [tenant, input.project]);
    if (existing.length > 0) {
      throw new AppError('MONITOR_EXISTS', `Project ${input.project} already has a monitor; update it with PUT /api/v1/monitors/:id.`);
    }
    const rows = await this.db.query<Row>(
      `INSERT INTO monitors (tenant_id, project, monitor_id, name, enabled, config, quarantine_policy, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [tenant, input.project, randomUUID(), input.name, input.enabled ?? true, JSON.stringify(input.config ?? {}), JSON.stringify(input.quarantinePolicy ?? { autoQuarantine: false }), by],
    );
    return toRecord(rows[0]!);
  }

  async update(tenant: string, id: string, input: Omit<MonitorInput, 'project'>): Promise<MonitorRecord> {
    const rows = await this.db.query<Row>(
      `UPDATE monitors SET name = $3, enabled = $4, config = $5, quarantine_policy = $6, updated_at = now()
        WHERE tenant_id = $1 AND monitor_id = $2 RETURNING ${COLUMNS}`,
      [tenant, id, input.name, input.enabled ?? true, JSON.stringify(input.config ?? {}), JSON.stringify(input.quarantinePolicy ?? { autoQuarantine: false })],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', `No monitor ${id}.`);
    return toRecord(rows[0]);
  }

  async remove(tenant: string, id: string): Promise<void> {
    const rows = await this.db.query(`DELETE FROM monitors WHERE tenant_id = $1 AND monitor_id = $2 RETURNING monitor_id`, [tenant, id]);
    if (rows.length === 0) throw new AppError('NOT_FOUND', `No monitor ${id}.`);
  }

  /** Every enabled monitor of every tenant: the periodic job's work list (a system read, not a request). */
  async allEnabled(): Promise<Array<MonitorRecord & { tenantId: string }>> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM monitors WHERE enabled ORDER BY tenant_id, project`);
    return rows.map((r) => ({ ...toRecord(r), tenantId: r.tenant_id }));
  }
}
