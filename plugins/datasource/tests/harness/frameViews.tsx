/**
 * Renders data frames the way Grafana's core panels would, with @grafana/ui's own visualizations
 * (TimeSeries, Table, BigValue, BarGauge): frames first go through @grafana/data's
 * applyFieldOverrides / getFieldDisplayValues with the panel's field config, as PanelRenderer does.
 * Grafana's panel plugins (and PanelRenderer) live in Grafana's app, not in the npm packages, so
 * this is the honest stand-in: same components, same display processing, simpler chrome.
 */
import React from 'react';
import {
  applyFieldOverrides,
  FieldColorModeId,
  FieldType,
  getFieldDisplayValues,
  type DataFrame,
  type Field,
  type FieldConfig,
  type FieldConfigSource,
  type GrafanaTheme2,
  type TimeRange,
} from '@grafana/data';
import { BarGauge, BigValue, BigValueColorMode, BigValueGraphMode, Table, TimeSeries } from '@grafana/ui';
import { BarGaugeDisplayMode, LegendDisplayMode, VizOrientation } from '@grafana/schema';

import { passThroughRegistry } from './fieldConfigRegistry';

export type VizKind = 'timeseries' | 'table' | 'stat' | 'gauge' | 'bargauge';

const noVars = (s: string) => s;

/**
 * Long time series (time, label columns, values, rows repeating times) → one frame per label set,
 * the label columns becoming labels on the value fields: what Grafana does before graphing them.
 */
export function longToMulti(frame: DataFrame): DataFrame[] {
  const time = frame.fields.find((f) => f.type === FieldType.time);
  const keys = frame.fields.filter((f) => f.type === FieldType.string);
  const values = frame.fields.filter((f) => f.type === FieldType.number);
  if (!time || keys.length === 0 || values.length === 0) {
    return [frame];
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < frame.length; i++) {
    const id = JSON.stringify(keys.map((k) => k.values[i]));
    groups.set(id, [...(groups.get(id) ?? []), i]);
  }
  return [...groups.entries()].map(([id, rows]) => {
    const labelValues = JSON.parse(id) as string[];
    const labels = Object.fromEntries(keys.map((k, j) => [k.name, String(labelValues[j] ?? '')]));
    const pick = (f: Field): Field => ({ ...f, values: rows.map((r) => f.values[r]) });
    return {
      ...frame,
      name: Object.values(labels).join(' '),
      length: rows.length,
      fields: [pick(time), ...values.map((v) => ({ ...pick(v), labels }))],
    };
  });
}

/**
 * The field-config defaults Grafana's core panels register (palette colours; lines with a light
 * fill for time series), under whatever the panel's own field config sets.
 */
function withPanelDefaults(kind: VizKind, fc?: FieldConfigSource): FieldConfigSource {
  const base: FieldConfig =
    kind === 'timeseries'
      ? { color: { mode: FieldColorModeId.PaletteClassic }, custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'auto', pointSize: 4, axisPlacement: 'auto', lineInterpolation: 'linear', spanNulls: false } }
      : kind === 'table'
        ? { custom: { align: 'auto', cellOptions: { type: 'auto' } } }
        : kind === 'bargauge'
          ? { color: { mode: FieldColorModeId.PaletteClassic } }
          : { color: { mode: FieldColorModeId.Thresholds } };
  const defaults = fc?.defaults ?? {};
  return { defaults: { ...base, ...defaults, custom: { ...base.custom, ...defaults.custom } }, overrides: fc?.overrides ?? [] };
}

export interface FramesVizProps {
  kind: VizKind;
  frames: DataFrame[];
  fieldConfig?: FieldConfigSource;
  options?: Record<string, any>;
  width: number;
  height: number;
  timeRange: TimeRange;
  theme: GrafanaTheme2;
}

export function FramesViz({ kind, frames, fieldConfig, options, width, height, timeRange, theme }: FramesVizProps) {
  const config: FieldConfigSource = withPanelDefaults(kind, fieldConfig);
  if (frames.length === 0 || frames.every((f) => f.length === 0)) {
    return <div style={{ width, height, display: 'grid', placeItems: 'center', color: theme.colors.text.secondary }}>No data</div>;
  }
  const prepared = kind === 'timeseries' ? frames.flatMap(longToMulti) : frames;
  const overrideCustom = config.overrides.flatMap((o) => o.properties.map((p) => p.id)).filter((id) => id.startsWith('custom.')).map((id) => id.slice(7));
  const processed = applyFieldOverrides({
    data: prepared,
    fieldConfig: config,
    fieldConfigRegistry: passThroughRegistry([...Object.keys(config.defaults.custom ?? {}), ...overrideCustom]),
    replaceVariables: noVars,
    theme,
    timeZone: 'browser',
  });
  if (kind === 'stat' || kind === 'gauge' || kind === 'bargauge') {
    const values = getFieldDisplayValues({
      data: processed,
      reduceOptions: options?.reduceOptions ?? { calcs: ['lastNotNull'], values: false },
      fieldConfig: config,
      replaceVariables: noVars,
      sparkline: kind === 'stat',
      theme,
      timeZone: 'browser',
    });
    if (kind === 'bargauge') {
      const h = Math.min(40, Math.floor(height / Math.max(1, values.length)));
      return (
        <div style={{ width, height, overflow: 'hidden' }} data-testid="viz-values">
          {values.map((v, i) => (
            <BarGauge
              key={i}
              width={width}
              height={h}
              value={{ ...v.display, color: theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length]!) }}
              field={v.field}
              orientation={VizOrientation.Horizontal}
              displayMode={BarGaugeDisplayMode.Basic}
              theme={theme}
              isOverflow={false}
            />
          ))}
        </div>
      );
    }
    const w = Math.floor(width / Math.max(1, values.length));
    return (
      <div style={{ display: 'flex', width, height }} data-testid="viz-values">
        {values.map((v, i) =>
          kind === 'gauge' ? (
            // Grafana's radial Gauge draws with jQuery flot from Grafana's app bundle (not in the npm
            // packages); the same value, unit and thresholds are drawn as a gradient bar gauge.
            <BarGauge
              key={i}
              width={w}
              height={height}
              value={v.display}
              field={v.field}
              orientation={VizOrientation.Vertical}
              displayMode={BarGaugeDisplayMode.Gradient}
              theme={theme}
              isOverflow={false}
            />
          ) : (
            <BigValue
              key={i}
              width={w}
              height={height}
              value={v.display}
              sparkline={v.sparkline}
              theme={theme}
              colorMode={BigValueColorMode.Value}
              graphMode={v.sparkline ? BigValueGraphMode.Area : BigValueGraphMode.None}
            />
          )
        )}
      </div>
    );
  }
  if (kind === 'table') {
    return <Table data={processed[0]!} width={width} height={height} />;
  }
  return (
    <TimeSeries
      frames={processed}
      width={width}
      height={height}
      timeRange={timeRange}
      timeZone="browser"
      legend={options?.legend ?? { showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
    />
  );
}
