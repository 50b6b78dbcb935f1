/**
 * Builders for the Semantest panel plugins (plugins/panels/*). Options mirror each plugin's
 * `src/types.ts`; a structural test checks that every `*Field` option names a field the panel's
 * query returns and every `*Variable` option a dashboard variable.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PANEL_TYPES } from '../datasource.ts';

export interface HealthMatrixSpec {
  rowField: string;
  columnField: string;
  valueField: string;
  countField: string;
  /** Variables a cell click sets ('' = none). */
  rowVariable: string;
  columnVariable: string;
}

export function healthMatrix(title: string, target: Builder<Dataquery>, spec: HealthMatrixSpec): PanelBuilder {
  return new PanelBuilder().type(PANEL_TYPES.healthMatrix).title(title).withTarget(target)
    .options({ ...spec, showValues: true, showCounts: true, minCellWidth: 56, minCellHeight: 28 });
}

export interface FailureClustersSpec {
  typeField: string;
  messageField: string;
  countField: string;
  testsField: string;
  firstSeenField?: string;
  lastSeenField?: string;
}

export function failureClusters(title: string, target: Builder<Dataquery>, spec: FailureClustersSpec): PanelBuilder {
  return new PanelBuilder().type(PANEL_TYPES.failureClusters).title(title).withTarget(target)
    .options({ ...spec, colorBy: 'count', maxTiles: 300, signatureVariable: '' });
}

export interface RunTimelineSpec {
  testField: string;
  statusField: string;
  timeField: string;
  ownerField: string;
}

export function runTimeline(title: string, target: Builder<Dataquery>, spec: RunTimelineSpec): PanelBuilder {
  return new PanelBuilder().type(PANEL_TYPES.runTimeline).title(title).withTarget(target)
    .options({ ...spec, maxRuns: 30, sortBy: 'flakiness', showOwner: true, testVariable: '' });
}
