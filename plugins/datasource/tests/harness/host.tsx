/**
 * Page side of the datasource browser harness (bundled by esbuild). It stands in for Grafana: it
 * shares React, @grafana/* and @emotion/css with the plugin's built module.js (as Grafana's
 * SystemJS shared-dependency map does), installs a recording BackendSrv that answers the plugin's
 * resource and query calls, and renders the plugin's own ConfigEditor and QueryEditor.
 */
import React, { useState } from 'react';
import * as ReactAll from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import { createTheme, type DataSourcePlugin, type DataSourceSettings } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import * as rxjs from 'rxjs';
import { of } from 'rxjs';

type AnyPlugin = DataSourcePlugin<any, any, any>;

declare global {
  interface Window {
    harnessShared: Record<string, unknown>;
    harnessRequests: Array<{ url: string; method?: string; params?: unknown }>;
    harnessQuery: unknown;
    harnessRender: (plugin: AnyPlugin, view: 'config' | 'query', mode: 'light' | 'dark') => void;
  }
}

window.harnessShared = {
  react: ReactAll,
  'react-dom': ReactDOM,
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  rxjs,
};
window.harnessRequests = [];

const answers: Record<string, unknown> = {
  catalog: { dimensions: ['project', 'suite', 'branch', 'environment', 'os', 'owner', 'label:team'] },
  values: { values: ['checkout-api', 'web-shop', 'mobile-app'] },
};

grafanaRuntime.setBackendSrv({
  fetch: (req: { url: string; method?: string; params?: unknown }) => {
    window.harnessRequests.push({ url: req.url, method: req.method, params: req.params });
    const resource = /\/resources\/([^/?]+)/.exec(req.url)?.[1] ?? '';
    return of({ data: answers[resource] ?? {}, status: 200, ok: true, headers: new Headers(), url: req.url, config: req });
  },
} as unknown as grafanaRuntime.BackendSrv);

const settings = {
  id: 1, uid: 'semantest', orgId: 1, name: 'Semantest', type: 'semantest-analytics-datasource', typeName: 'Semantest Analytics',
  typeLogoUrl: '', access: 'proxy', url: '', user: '', database: '', basicAuth: false, basicAuthUser: '', isDefault: true,
  jsonData: { url: 'http://semantest:8080', streamMaxPerSecond: 10 }, secureJsonFields: { apiKey: true }, readOnly: false,
  withCredentials: false, meta: { id: 'semantest-analytics-datasource', info: { logos: {} } },
} as unknown as DataSourceSettings<any, any>;

function QueryHost({ plugin }: { plugin: AnyPlugin }) {
  const ds = new (plugin.DataSourceClass as any)(settings);
  const [query, setQuery] = useState<any>({ refId: 'A', ...ds.getDefaultQuery?.('dashboard') });
  const Editor = plugin.components.QueryEditor!;
  return (
    <Editor
      datasource={ds}
      query={query}
      onChange={(q: unknown) => {
        window.harnessQuery = q;
        setQuery(q);
      }}
      onRunQuery={() => {}}
    />
  );
}

function ConfigHost({ plugin }: { plugin: AnyPlugin }) {
  const [options, setOptions] = useState(settings);
  const Editor = plugin.components.ConfigEditor!;
  return <Editor options={options} onOptionsChange={setOptions} />;
}

window.harnessRender = (plugin, view, mode) => {
  const theme = createTheme({ colors: { mode } });
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  document.body.style.fontSize = `${theme.typography.fontSize}px`;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <div style={{ width: 900, padding: 16, background: theme.colors.background.primary, border: `1px solid ${theme.colors.border.weak}` }}>
        {view === 'config' ? <ConfigHost plugin={plugin} /> : <QueryHost plugin={plugin} />}
      </div>
    </ThemeContext.Provider>
  );
};
