/**
 * The one place that names the Semantest datasource and the panel plugins. Every tenant org gets a
 * datasource with the same uid (provisioning/datasources/semantest.yaml and the tenant CLI), so the
 * generated dashboards work unchanged in every org; a caller may still pass another uid.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** plugins/datasource/src/plugin.json `id`. */
export const DATASOURCE_TYPE = 'semantest-analytics-datasource';
/** The uid provisioning gives the datasource in every org. */
export const DEFAULT_DATASOURCE_UID = 'semantest';

/** plugins/panels/<name>/src/plugin.json `id`s, plus Grafana's built-in alert list. */
export const PANEL_TYPES = {
  healthMatrix: 'semantest-healthmatrix-panel',
  failureClusters: 'semantest-failureclusters-panel',
  runTimeline: 'semantest-runtimeline-panel',
  alertList: 'alertlist',
} as const;

export function datasourceRef(uid: string = DEFAULT_DATASOURCE_UID): DataSourceRef {
  return { type: DATASOURCE_TYPE, uid };
}
