/**
 * One dashboard panel: its targets run through the real datasource (ds.query → /api/ds/query →
 * grafana-standin → plugin → backend), then drawn by @grafana/ui (core panel types, via FramesViz)
 * or by the custom panel plugin's own module inside Grafana's PanelChrome; streaming queries follow
 * their Live channel (livePanel.tsx).
 */
import React from 'react';
import {
  applyFieldOverrides,
  EventBusSrv,
  LoadingState,
  PanelOptionsEditorBuilder,
  type DataFrame,
  type GrafanaTheme2,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { PanelChrome } from '@grafana/ui';

import { FramesViz, type VizKind } from '../../../datasource/tests/harness/frameViews';
import { LivePanel } from './livePanel';

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<Record<string, unknown>>;
  options?: Record<string, any>;
  fieldConfig?: { defaults: Record<string, any>; overrides: any[] };
  interval?: string;
}

export interface PanelResult {
  state: LoadingState;
  frames: DataFrame[];
  error?: string;
  note?: string;
  /** Live channel of a streaming query (frame meta.channel). */
  channel?: string;
}

const CORE: Record<string, VizKind> = { stat: 'stat', gauge: 'gauge', timeseries: 'timeseries', table: 'table', piechart: 'bargauge', bargauge: 'bargauge' };

export function isRenderable(panel: PanelJson, plugins: Record<string, PanelPlugin>): boolean {
  return panel.type in CORE || panel.type in plugins;
}

function pluginOptions(plugin: PanelPlugin, saved: Record<string, any> | undefined): Record<string, unknown> {
  const builder = new PanelOptionsEditorBuilder<Record<string, unknown>>();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  const options: Record<string, unknown> = {};
  for (const item of builder.getItems()) {
    if (item.defaultValue !== undefined) {
      options[item.path] = item.defaultValue;
    }
  }
  return { ...options, ...saved };
}

export function Panel(props: {
  panel: PanelJson;
  result?: PanelResult;
  plugins: Record<string, PanelPlugin>;
  liveUrl: string;
  width: number;
  height: number;
  timeRange: TimeRange;
  theme: GrafanaTheme2;
}) {
  const { panel, result, plugins, liveUrl, width, height, timeRange, theme } = props;
  return (
    <PanelChrome
      title={panel.title}
      width={width}
      height={height}
      loadingState={result?.state ?? LoadingState.Loading}
      statusMessage={result?.error}
    >
      {(w, h) => {
        if (!result || result.state === LoadingState.Loading) {
          return null;
        }
        if (result.note) {
          return <div style={{ height: h, display: 'grid', placeItems: 'center', color: theme.colors.text.secondary, textAlign: 'center', padding: 8 }}>{result.note}</div>;
        }
        if (result.channel) {
          return <LivePanel panel={panel} liveUrl={liveUrl} channel={result.channel} width={w} height={h} theme={theme} />;
        }
        const kind = CORE[panel.type];
        if (kind) {
          return <FramesViz kind={kind} frames={result.frames} fieldConfig={panel.fieldConfig as any} options={panel.options} width={w} height={h} timeRange={timeRange} theme={theme} />;
        }
        const plugin = plugins[panel.type]!;
        const fieldConfig = { defaults: { ...plugin.fieldConfigDefaults.defaults, ...panel.fieldConfig?.defaults }, overrides: panel.fieldConfig?.overrides ?? [] };
        const series = applyFieldOverrides({ data: result.frames, fieldConfig, fieldConfigRegistry: plugin.fieldConfigRegistry, replaceVariables: (s: string) => s, theme, timeZone: 'browser' });
        const Viz = plugin.panel!;
        return (
          <Viz
            id={panel.id}
            data={{ series, state: LoadingState.Done, timeRange }}
            timeRange={timeRange}
            timeZone="browser"
            options={pluginOptions(plugin, panel.options)}
            fieldConfig={fieldConfig}
            transparent={false}
            width={w}
            height={h}
            renderCounter={1}
            title={panel.title}
            eventBus={new EventBusSrv()}
            onOptionsChange={() => {}}
            onFieldConfigChange={() => {}}
            replaceVariables={(s: string) => s}
            onChangeTimeRange={() => {}}
          />
        );
      }}
    </PanelChrome>
  );
}
