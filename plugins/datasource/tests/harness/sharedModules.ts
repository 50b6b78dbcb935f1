/**
 * What Grafana's SystemJS shared-dependency map gives every plugin module: the host page's own
 * React, @grafana/*, @emotion/css and rxjs (page.html maps `window.harnessShared` into SystemJS),
 * so plugin and page share one React and one set of @grafana/runtime singletons.
 */
import * as ReactAll from 'react';
import * as ReactDOM from 'react-dom';
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as rxjs from 'rxjs';
import type { GrafanaTheme2 } from '@grafana/data';

declare global {
  interface Window {
    harnessShared: Record<string, unknown>;
  }
}

export function shareGrafanaModules(): void {
  window.harnessShared = {
    react: ReactAll,
    'react-dom': ReactDOM,
    '@emotion/css': emotionCss,
    '@grafana/data': grafanaData,
    '@grafana/runtime': grafanaRuntime,
    '@grafana/ui': grafanaUi,
    rxjs,
  };
}

/** The page body in the theme's canvas colours and font, as Grafana's app shell sets them. */
export function applyPageTheme(theme: GrafanaTheme2): void {
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  document.body.style.fontSize = `${theme.typography.fontSize}px`;
}
