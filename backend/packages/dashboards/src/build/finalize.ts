/**
 * Turns a built SDK dashboard into the plain JSON Grafana stores: panel ids numbered in layout
 * order (unique per dashboard, stable across runs), builder-only members dropped.
 *
 * The SDK's 0.0.x line follows Grafana's main branch and gives dashboard links and annotation
 * queries `placement: "inControlsMenu"` by default (a newer "controls menu" feature); removed so
 * Grafana 12.x shows them in the dashboard header as usual.
 */
import type { Dashboard, DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

export function finalize(builder: DashboardBuilder): Dashboard {
  const dash = JSON.parse(JSON.stringify(builder.build())) as Dashboard;
  (dash.panels ?? []).forEach((p, i) => {
    p.id = i + 1;
  });
  for (const l of dash.links ?? []) delete l.placement;
  for (const a of dash.annotations?.list ?? []) delete a.placement;
  return dash;
}
