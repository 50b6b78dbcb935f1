/**
 * Flaky / broken / quarantined tests from the intelligence test states. Placeholder until those
 * datasets are in the catalog: returns no panels while the catalog has none.
 */
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';

export function testStatePanels(_ds: DataSourceRef): Builder<Panel>[] {
  return [];
}
