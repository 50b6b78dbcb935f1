/**
 * Regressions against the baseline. Placeholder until the intelligence datasets land in the
 * catalog: returns no panels while the catalog has no regressions dataset.
 */
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';

export function regressionPanels(_ds: DataSourceRef): Builder<Panel>[] {
  return [];
}
