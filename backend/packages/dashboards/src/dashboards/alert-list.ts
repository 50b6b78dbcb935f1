/**
 * Grafana's built-in alert list (unified alerting); the SDK has no builder for it, so the options
 * follow the panel's saved model in Grafana 12 (public/app/plugins/panel/alertlist). It needs no
 * datasource: it lists the org's alert rule instances, i.e. the rules provisioning/alerting adds.
 */
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PANEL_TYPES } from '../datasource.ts';

export function alertListPanel(title: string): PanelBuilder {
  return new PanelBuilder().type(PANEL_TYPES.alertList).title(title).options({
    viewMode: 'list',
    groupMode: 'default',
    groupBy: [],
    maxItems: 20,
    sortOrder: 1,
    dashboardAlerts: false,
    alertName: '',
    alertInstanceLabelFilter: '',
    stateFilter: { firing: true, pending: true, noData: true, normal: false, error: true, recovering: true },
    showInstances: true,
  });
}
