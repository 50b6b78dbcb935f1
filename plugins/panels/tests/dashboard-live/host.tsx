/**
 * Page side of the live dashboard harness (bundled by esbuild). Plays Grafana's frontend for one
 * provisioned dashboard: shares React/@grafana/* with the plugin modules (SystemJS map in
 * page.html), installs @grafana/runtime's services with an HTTP BackendSrv (→ grafana-standin →
 * real plugin → real backend), resolves the dashboard's variables through the datasource, runs
 * every panel's targets as Grafana's query runner would (time range, interval from the panel
 * width) and lays the panels out on Grafana's 24-column grid.
 */
import React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createTheme, dateTime, LoadingState, rangeUtil, type DataQueryRequest, type DataSourcePlugin, type PanelPlugin, type TimeRange } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { installDataSourceSrv, installHttpBackendSrv, installTemplateSrv, type RecordedRequest } from '../../../datasource/tests/harness/grafanaSrv';
import { applyPageTheme, shareGrafanaModules } from '../../../datasource/tests/harness/sharedModules';
import { registerStandardEditors } from '../../shared/src/testing/registries';
import { isRenderable, Panel, type PanelJson, type PanelResult } from './panels';
import { resolveVariables, type DashboardVariable } from './variables';

registerStandardEditors();

interface Dashboard {
  title: string;
  time?: { from: string; to: string };
  panels: PanelJson[];
  templating?: { list: DashboardVariable[] };
}

export interface PanelReport {
  title: string;
  type: string;
  state: string;
  rows: number;
  error?: string;
  note?: string;
  channel?: string;
  numbers: number[];
}

declare global {
  interface Window {
    harnessRequests: RecordedRequest[];
    dashVariables?: Record<string, string[]>;
    dashReport?: PanelReport[];
    dashboardRender: (
      ds: DataSourcePlugin<any, any, any>,
      panels: Record<string, PanelPlugin>,
      dash: Dashboard,
      mode: 'light' | 'dark',
      liveUrl: string
    ) => Promise<PanelReport[]>;
    dashboardRefresh: () => Promise<PanelReport[]>;
  }
}

shareGrafanaModules();
window.harnessRequests = [];
installHttpBackendSrv(window.harnessRequests);

const settings = {
  id: 1, uid: 'semantest', orgId: 1, name: 'Semantest', type: 'semantest-analytics-datasource', access: 'proxy', jsonData: {},
  meta: { id: 'semantest-analytics-datasource', info: { logos: {} } }, readOnly: true,
};

const WIDTH = 1200;
const CELL = 30;
const MARGIN = 8;
const COL = (WIDTH - 23 * MARGIN) / 24;
const box = (g: PanelJson['gridPos']) => ({
  left: g.x * (COL + MARGIN),
  top: g.y * (CELL + MARGIN),
  width: g.w * COL + (g.w - 1) * MARGIN,
  height: g.h * CELL + (g.h - 1) * MARGIN,
});

function relativeRange(time = { from: 'now-1h', to: 'now' }): TimeRange {
  const to = dateTime();
  const from = dateTime(to.valueOf() - rangeUtil.intervalToMs(time.from.replace(/^now-/, '')));
  return { from, to, raw: time };
}

async function runPanel(ds: any, panel: PanelJson, range: TimeRange, plugins: Record<string, PanelPlugin>): Promise<PanelResult> {
  if (!isRenderable(panel, plugins)) {
    return { state: LoadingState.Done, frames: [], note: `"${panel.type}" is drawn by Grafana itself from its own alert rules; no Grafana server runs here.` };
  }
  const targets = (panel.targets ?? []).filter((t) => !t.hide);
  const maxDataPoints = Math.round(box(panel.gridPos).width);
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints, panel.interval);
  const request = {
    requestId: `panel-${panel.id}`, interval, intervalMs, maxDataPoints, range, scopedVars: {}, targets, timezone: 'browser',
    app: 'dashboard', startTime: Date.now(), panelId: panel.id, dashboardUID: 'harness',
  } as unknown as DataQueryRequest<any>;
  const res = await lastValueFrom(ds.query(request));
  const r = res as { data: any[]; errors?: Array<{ message?: string }>; error?: { message?: string } };
  const errors = r.errors ?? (r.error ? [r.error] : []);
  const channel = r.data.find((f) => f.meta?.channel)?.meta?.channel as string | undefined;
  if (!errors.length && channel) {
    return { state: LoadingState.Streaming, frames: [], channel };
  }
  return errors.length
    ? { state: LoadingState.Error, frames: r.data, error: errors.map((e) => e.message).join('; ') }
    : { state: LoadingState.Done, frames: r.data };
}

function report(panel: PanelJson, r: PanelResult): PanelReport {
  const numbers = r.frames.flatMap((f) => f.fields.filter((x: any) => x.type === 'number').flatMap((x: any) => [...x.values])).slice(0, 500);
  const rows = r.frames.reduce((n, f) => n + f.length, 0);
  return { title: panel.title, type: panel.type, state: r.state, rows, error: r.error, note: r.note, channel: r.channel, numbers };
}

let root: Root | undefined;
let refresh: (() => Promise<PanelReport[]>) | undefined;
window.dashboardRefresh = () => refresh!();

window.dashboardRender = async (dsPlugin, plugins, dash, mode, liveUrl) => {
  const theme = createTheme({ colors: { mode } });
  applyPageTheme(theme);
  const ds = new (dsPlugin.DataSourceClass as any)(settings);
  installDataSourceSrv(settings as any, ds);
  installTemplateSrv({});
  window.dashVariables = await resolveVariables(ds, dash.templating?.list ?? []);
  installTemplateSrv(window.dashVariables);
  const height = Math.max(...dash.panels.map((p) => box(p.gridPos).top + box(p.gridPos).height));
  root ??= createRoot(document.getElementById('root')!);

  refresh = async () => {
    const range = relativeRange(dash.time);
    const results = await Promise.all(dash.panels.map((p) => runPanel(ds, p, range, plugins)));
    root!.render(
      <ThemeContext.Provider value={theme}>
        <div style={{ width: WIDTH, padding: 8 }}>
          <h2 style={{ margin: '0 0 8px' }}>{dash.title}</h2>
          <div style={{ fontSize: 12, color: theme.colors.text.secondary, marginBottom: 8 }}>
            {Object.entries(window.dashVariables!).map(([k, v]) => `${k}: ${v.length} values`).join(' · ')} · last {dash.time?.from.replace('now-', '') ?? '1h'} ·
            data from a live Semantest backend
          </div>
          <div style={{ position: 'relative', height }}>
            {dash.panels.map((p, i) => (
              <div key={p.id} style={{ position: 'absolute', ...box(p.gridPos) }} data-testid={`panel-${p.id}`}>
                <Panel panel={p} result={results[i]} plugins={plugins} liveUrl={liveUrl} width={box(p.gridPos).width} height={box(p.gridPos).height} timeRange={range} theme={theme} />
              </div>
            ))}
          </div>
        </div>
      </ThemeContext.Provider>
    );
    window.dashReport = dash.panels.map((p, i) => report(p, results[i]!));
    return window.dashReport;
  };
  return refresh();
};
