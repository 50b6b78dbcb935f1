import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DEFAULT_DATASOURCE_UID, datasourceRef } from './datasource.ts';
import { executionDashboard } from './dashboards/execution.ts';
import { healthDashboard } from './dashboards/health.ts';
import { performanceDashboard } from './dashboards/performance.ts';
import { platformDashboard } from './dashboards/platform.ts';

export interface BuildOptions {
  /** uid of the Semantest datasource in the target org (default `semantest`). */
  datasourceUid?: string;
}

/** Every dashboard, in a fixed order. Fresh objects on every call: callers may mutate them. */
export function buildDashboards(opts: BuildOptions = {}): Dashboard[] {
  const ds = datasourceRef(opts.datasourceUid ?? DEFAULT_DATASOURCE_UID);
  return [executionDashboard(ds), performanceDashboard(ds), healthDashboard(ds), platformDashboard(ds)];
}
