/**
 * Page side of the datasource browser harness (bundled by esbuild). It stands in for Grafana's
 * frontend: it shares React, @grafana/* and @emotion/css with the plugin's built module.js (as
 * Grafana's SystemJS shared-dependency map does), installs @grafana/runtime's services with an
 * HTTP BackendSrv (calls go to the grafana-standin, which runs the real plugin backend against a
 * real Semantest backend), and renders the plugin's own ConfigEditor, QueryEditor (with the
 * query's results drawn by @grafana/ui) and variable editor (with the values it lists).
 */
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createTheme,
  dateTime,
  LoadingState,
  type DataQueryRequest,
  type DataSourcePlugin,
  type DataQueryResponse,
  type DataSourceSettings,
  type GrafanaTheme2,
  type PanelData,
  type TimeRange,
} from '@grafana/data';
import { Alert, GlobalStyles, Stack, Tag, ThemeContext } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { FramesViz } from './frameViews';
import { applyPageTheme, shareGrafanaModules } from './sharedModules';
import { installDataSourceSrv, installHttpBackendSrv, installTemplateSrv } from './grafanaSrv';
import './pageState';

type AnyPlugin = DataSourcePlugin<any, any, any>;
export type View = 'config' | 'query' | 'variable';

declare global {
  interface Window {
    harnessRender: (plugin: AnyPlugin, view: View, mode: 'light' | 'dark', initial?: Record<string, unknown>) => void;
  }
}

shareGrafanaModules();
window.harnessRequests = [];
installHttpBackendSrv(window.harnessRequests);
installTemplateSrv({});

const settings = {
  id: 1, uid: 'semantest', orgId: 1, name: 'Semantest', type: 'semantest-analytics-datasource', typeName: 'Semantest Analytics',
  typeLogoUrl: '', access: 'proxy', url: '', user: '', database: '', basicAuth: false, basicAuthUser: '', isDefault: true,
  jsonData: { url: 'http://semantest:8080', streamMaxPerSecond: 10 }, secureJsonFields: { apiKey: true }, readOnly: false,
  withCredentials: false, meta: { id: 'semantest-analytics-datasource', info: { logos: {} } },
} as unknown as DataSourceSettings<any, any>;

/** The demo tenant's history covers the last 7 days. */
function lastWeek(): TimeRange {
  const to = dateTime();
  const from = dateTime(to.valueOf() - 7 * 86_400_000);
  return { from, to, raw: { from: 'now-7d', to: 'now' } };
}

function makeDs(plugin: AnyPlugin) {
  const ds = new (plugin.DataSourceClass as any)(settings);
  installDataSourceSrv(settings as any, ds);
  return ds;
}

function request(targets: any[], range: TimeRange): DataQueryRequest<any> {
  return {
    requestId: `harness-${Date.now()}`, interval: '1h', intervalMs: 3_600_000, maxDataPoints: 500, range, scopedVars: {},
    targets, timezone: 'browser', app: 'dashboard', startTime: Date.now(),
  };
}

function QueryHost({ plugin, initial, theme }: { plugin: AnyPlugin; initial?: Record<string, unknown>; theme: GrafanaTheme2 }) {
  const ds = useMemo(() => makeDs(plugin), [plugin]);
  const [query, setQuery] = useState<any>({ refId: 'A', ...ds.getDefaultQuery?.('dashboard'), ...initial });
  // The editor calls onChange then onRunQuery in one handler, before React re-renders: run the latest.
  const latest = useRef(query);
  const [data, setData] = useState<PanelData | undefined>();
  const range = useMemo(lastWeek, []);
  const run = useCallback(
    async (q: any) => {
      const res = (await lastValueFrom(ds.query(request([q], range)))) as DataQueryResponse;
      const errors = (res.errors ?? (res.error ? [res.error] : [])).map((e: any) => e.message ?? String(e));
      setData({ state: errors.length ? LoadingState.Error : LoadingState.Done, series: res.data, errors: res.errors, error: res.error, timeRange: range });
      window.harnessData = { state: errors.length ? 'Error' : 'Done', frames: res.data.length, rows: res.data.reduce((n: number, f: any) => n + f.length, 0), errors };
      window.harnessRuns = (window.harnessRuns ?? 0) + 1;
    },
    [ds, range]
  );
  useEffect(() => void run(query), []); // eslint-disable-line react-hooks/exhaustive-deps
  const Editor = plugin.components.QueryEditor!;
  const kind = query.shape === 'table' || query.shape === 'rows' ? 'table' : query.shape === 'single' ? 'stat' : 'timeseries';
  return (
    <Stack direction="column" gap={2}>
      <Editor
        datasource={ds}
        query={query}
        data={data}
        range={range}
        onChange={(q: unknown) => {
          window.harnessQuery = q;
          latest.current = q;
          setQuery(q);
        }}
        onRunQuery={() => void run(latest.current)}
      />
      {data && data.state === LoadingState.Done && (
        <div data-testid="harness-results">
          <FramesViz kind={kind} frames={data.series} width={860} height={260} timeRange={range} theme={theme} />
        </div>
      )}
    </Stack>
  );
}

function VariableHost({ plugin }: { plugin: AnyPlugin }) {
  const ds = useMemo(() => makeDs(plugin), [plugin]);
  const [query, setQuery] = useState<any>({ refId: 'Var', dimension: '' });
  const [values, setValues] = useState<string[] | undefined>();
  const Editor = ds.variables.editor;
  const onChange = async (q: any) => {
    window.harnessQuery = q;
    setQuery(q);
    const res = await lastValueFrom(ds.variables.query(request([q], lastWeek())));
    const list = ((res as any).data[0]?.fields[0]?.values ?? []) as string[];
    window.harnessVariableValues = list;
    setValues(list);
  };
  return (
    <Stack direction="column" gap={2}>
      <Editor datasource={ds} query={query} onChange={onChange} onRunQuery={() => {}} />
      {values && (
        <div data-testid="harness-variable-values">
          <div style={{ marginBottom: 8 }}>Preview of values ({values.length})</div>
          <Stack wrap="wrap" gap={1}>
            {values.map((v) => (
              <Tag key={v} name={v} colorIndex={7} />
            ))}
          </Stack>
        </div>
      )}
    </Stack>
  );
}

function ConfigHost({ plugin }: { plugin: AnyPlugin }) {
  const [options, setOptions] = useState(settings);
  const [health, setHealth] = useState<{ status: string; message: string } | undefined>();
  const Editor = plugin.components.ConfigEditor!;
  useEffect(() => {
    // Grafana's "Save & test": the datasource's health check, answered by the plugin's CheckHealth.
    makeDs(plugin)
      .testDatasource()
      .then((r: any) => r, (e: any) => e)
      .then((r: any) => {
        window.harnessHealth = { status: r.status, message: r.message };
        setHealth(window.harnessHealth);
      });
  }, [plugin]);
  return (
    <Stack direction="column" gap={2}>
      <Editor options={options} onOptionsChange={setOptions} />
      {health && (
        <Alert severity={health.status === 'success' ? 'success' : 'error'} title={health.status === 'success' ? 'Data source is working' : 'Health check failed'}>
          {health.message}
        </Alert>
      )}
    </Stack>
  );
}

window.harnessRender = (plugin, view, mode, initial) => {
  const theme = createTheme({ colors: { mode } });
  applyPageTheme(theme);
  const body =
    view === 'config' ? <ConfigHost plugin={plugin} /> : view === 'variable' ? <VariableHost plugin={plugin} /> : <QueryHost plugin={plugin} initial={initial} theme={theme} />;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      {/* Grafana's app-wide CSS (box-sizing, fonts, form elements): @grafana/ui's components assume it. */}
      <GlobalStyles />
      <div style={{ width: 900, padding: 16, background: theme.colors.background.primary, border: `1px solid ${theme.colors.border.weak}` }}>{body}</div>
    </ThemeContext.Provider>
  );
};
