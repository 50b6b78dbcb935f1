/**
 * Page side of the app's browser harness (bundled by esbuild). It stands in for Grafana: it
 * shares React, @grafana/* and rxjs with the plugin's built module.js (as Grafana's SystemJS map
 * does), draws a page header where Grafana's PluginPage chrome would be, and installs a
 * BackendSrv that sends every request as a real same-origin HTTP call. run.mts answers those
 * calls: from fixtures, or by forwarding them to a running backend the way the datasource's
 * CallResource does.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import * as grafanaRuntime from '@grafana/runtime';
// Not exported from the public entry; the same module file the public entry re-exports PluginPage from.
// @ts-expect-error untyped deep import
import { setPluginPage } from '../../../../node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs';
import * as grafanaUi from '@grafana/ui';
import { createTheme, type AppPlugin } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { from } from 'rxjs';
// The datasource harness's helpers: the shared-module map Grafana gives plugins, the page theme.
import { applyPageTheme, shareGrafanaModules } from '../../../datasource/tests/harness/sharedModules.ts';

declare global {
  interface Window {
    harnessTitle: string;
    harnessRender: (plugin: AppPlugin, path: string, mode: 'light' | 'dark', title: string) => void;
  }
}

shareGrafanaModules();

interface Req {
  url: string;
  method?: string;
  data?: unknown;
  params?: Record<string, string | number>;
}

async function send(req: Req) {
  const url = new URL(`/${req.url}`, window.location.origin);
  for (const [k, v] of Object.entries(req.params ?? {})) {
    url.searchParams.set(k, String(v));
  }
  const res = await fetch(url, {
    method: req.method ?? 'GET',
    ...(req.data !== undefined
      ? { body: JSON.stringify(req.data), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {}
  if (!res.ok) {
    // The shape Grafana's BackendSrv rejects with (FetchError).
    throw { status: res.status, statusText: res.statusText, data };
  }
  return {
    data,
    status: res.status,
    ok: true,
    headers: res.headers,
    url: res.url,
    config: req,
    redirected: false,
    statusText: res.statusText,
    type: 'basic',
  };
}

// Grafana's PluginPage draws the page title and nav; here a plain header in its place. Set before
// page.html hands the runtime module to SystemJS, which copies its exports once.
setPluginPage(({ children }: { children?: React.ReactNode }) => {
  const theme = grafanaUi.useTheme2();
  return (
    <div>
      <h1
        style={{
          fontSize: theme.typography.h2.fontSize,
          fontWeight: theme.typography.h2.fontWeight,
          margin: '0 0 16px',
        }}
      >
        {window.harnessTitle}
      </h1>
      {children}
    </div>
  );
});

grafanaRuntime.setBackendSrv({ fetch: (req: Req) => from(send(req)) } as unknown as grafanaRuntime.BackendSrv);

window.harnessRender = (plugin, path, mode, title) => {
  const theme = createTheme({ colors: { mode } });
  applyPageTheme(theme);
  window.harnessTitle = title;
  grafanaRuntime.locationService.push(path);
  const Root = plugin.root!;
  const meta = { ...plugin.meta, jsonData: { datasourceUid: 'semantest' } } as any;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <div
        style={{
          width: 1320,
          padding: 24,
          background: theme.colors.background.primary,
          border: `1px solid ${theme.colors.border.weak}`,
        }}
      >
        <Root meta={meta} basename="/a/semantest-analytics-app" path={path} query={{}} onNavChanged={() => {}} />
      </div>
    </ThemeContext.Provider>
  );
};
