/**
 * @semantest/dashboards — the Grafana dashboards as code.
 *
 * `buildDashboards({ datasourceUid })` returns plain dashboard JSON models (Grafana's classic
 * model, schemaVersion 42) for the provisioning files and for the tenant CLI, which uploads them
 * with POST /api/dashboards/db into each tenant org.
 */
export type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
export { DATASOURCE_TYPE, DEFAULT_DATASOURCE_UID, PANEL_TYPES, datasourceRef } from './datasource.ts';
export { SCOPE_VARIABLES, scopeFilters, type ScopeVariable } from './build/scope.ts';
export type { AnnotationTarget, ModelTarget, SemantestTarget, StreamTarget } from './build/target.ts';
export type { VariableQuery } from './build/variables.ts';
export { EXECUTION_UID } from './dashboards/execution.ts';
export { PERFORMANCE_UID } from './dashboards/performance.ts';
export { HEALTH_UID } from './dashboards/health.ts';
export { PLATFORM_UID } from './dashboards/platform.ts';
export { dashboardFiles, PROVISIONING_DIR } from './files.ts';
export { toBackendQuery, interpolateTarget, type RequestTiming } from './resolve.ts';
export { buildDashboards, type BuildOptions } from './build-dashboards.ts';
