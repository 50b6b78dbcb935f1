/**
 * Turns a built SDK dashboard into the plain JSON Grafana stores: panel ids numbered in layout
 * order (unique per dashboard, stable across runs), builder-only members dropped.
 */
import type { Dashboard, DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

export function finalize(builder: DashboardBuilder): Dashboard {
  const dash = JSON.parse(JSON.stringify(builder.build())) as Dashboard;
  (dash.panels ?? []).forEach((p, i) => {
    p.id = i + 1;
  });
  return dash;
}
