/**
 * A report definition as stored (jsonb) and returned by the API. Queries are
 * query-model queries; their time range is replaced at run time by the
 * report's relative range, so one definition serves every tick.
 */
import type { Format, Visualization, Threshold } from '../render/model.ts';
import type { OrgRole } from '../../query/index.ts';

export const REPORT_FORMATS: readonly Format[] = ['pdf', 'xlsx', 'csv', 'json', 'ndjson'];

export interface ReportQuery {
  title: string;
  visualization: Visualization;
  thresholds?: Threshold[];
  /** A query-model query (dataset, metrics, groupBy, filters …). */
  query: Record<string, unknown>;
}

export type Channel =
  | { kind: 'email'; recipients: string[] }
  | { kind: 'webhook'; url: string; secret: string }
  | { kind: 'slack'; url: string }
  | { kind: 'stored' };

export type Condition =
  | { kind: 'always' }
  | { kind: 'any_failure' }
  | { kind: 'pass_rate_below'; threshold: number }
  | { kind: 'non_empty' }
  /** Failing tests in this run's window that were not failing in the previous completed run's window. */
  | { kind: 'new_failures' };

/** Who the report's queries are compiled as: the tenant's service principal or one named user. */
export type RunAs = { kind: 'service' } | { kind: 'user'; login: string; email?: string; role: OrgRole };

export interface ReportDefinition {
  name: string;
  description?: string;
  queries: ReportQuery[];
  /** Relative range ending at run time, e.g. `7d`, `24h`, `30m`, `2w`. */
  timeRange: { last: string; timezone: string };
  formats: Format[];
  schedule?: { cron: string; timezone: string };
  channels: Channel[];
  condition: Condition;
  runAs: RunAs;
  /** Each e-mail recipient gets the report computed under their own identity. */
  perRecipient: boolean;
  dashboardUrl?: string;
}

export interface StoredReport {
  id: string;
  tenantId: string;
  owner: string;
  /** Where failure notices are e-mailed. */
  ownerEmail?: string;
  paused: boolean;
  definition: ReportDefinition;
  createdAt: string;
  updatedAt: string;
}
