/**
 * The page-side host for the browser harness, bundled by esbuild. It plays Grafana's part:
 * shares React, @grafana/* and @emotion/css with the plugin (what Grafana's SystemJS
 * shared-dependency map does), applies the panel's field-config defaults to the frames
 * (applyFieldOverrides, as the panel pipeline does), fills options from the panel's own
 * options builder, and renders the panel in a Grafana-like panel box in the chosen theme.
 */
import React from 'react';
import * as ReactAll from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import {
  EventBusSrv,
  LoadingState,
  PanelOptionsEditorBuilder,
  applyFieldOverrides,
  createTheme,
  getDefaultTimeRange,
  type DataFrame,
  type PanelPlugin,
} from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { fixtures } from './fixtures';
import { registerStandardEditors } from '../../shared/src/testing/registries';

registerStandardEditors();

declare global {
  interface Window {
    harnessShared: Record<string, unknown>;
    harnessRender: (plugin: PanelPlugin, title: string, fixture: keyof typeof fixtures, mode: 'light' | 'dark', w: number, h: number) => void;
    harnessLocation: Array<Record<string, unknown>>;
  }
}

window.harnessShared = {
  react: ReactAll,
  'react-dom': ReactDOM,
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
};

// Record dashboard-variable changes instead of navigating.
window.harnessLocation = [];
grafanaRuntime.locationService.partial = (query: Record<string, unknown>) => {
  window.harnessLocation.push(query);
};

function defaultOptions(plugin: PanelPlugin): Record<string, unknown> {
  const builder = new PanelOptionsEditorBuilder<Record<string, unknown>>();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  const options: Record<string, unknown> = {};
  for (const item of builder.getItems()) {
    if (item.defaultValue !== undefined) {
      options[item.path] = item.defaultValue;
    }
  }
  return options;
}

window.harnessRender = (plugin, title, fixture, mode, width, height) => {
  const theme = createTheme({ colors: { mode } });
  const fieldConfig = plugin.fieldConfigDefaults;
  const series: DataFrame[] = applyFieldOverrides({
    data: fixtures[fixture](),
    fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (s: string) => s,
    theme,
    timeZone: 'utc',
  });
  const Panel = plugin.panel!;
  const timeRange = getDefaultTimeRange();
  const options = defaultOptions(plugin);
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  document.body.style.fontSize = `${theme.typography.fontSize}px`;
  const root = document.getElementById('root')!;
  createRoot(root).render(
    <ThemeContext.Provider value={theme}>
      <div
        style={{
          width: width + 16,
          padding: 8,
          background: theme.colors.background.primary,
          border: `1px solid ${theme.colors.border.weak}`,
          borderRadius: theme.shape.radius.default,
        }}
      >
        <div style={{ fontWeight: 500, marginBottom: 8 }}>
          {title}
        </div>
        <Panel
          id={1}
          data={{ series, state: LoadingState.Done, timeRange }}
          timeRange={timeRange}
          timeZone="utc"
          options={options}
          fieldConfig={fieldConfig}
          transparent={false}
          width={width}
          height={height}
          renderCounter={1}
          title="harness"
          eventBus={new EventBusSrv()}
          onOptionsChange={() => {}}
          onFieldConfigChange={() => {}}
          replaceVariables={(s: string) => s}
          onChangeTimeRange={() => {}}
        />
      </div>
    </ThemeContext.Provider>
  );
};
