/**
 * A streaming panel: Grafana would subscribe to the Live channel named in the query's frame meta
 * (`ds/<uid>/org/<org>/batches`). Here the page opens the grafana-standin's server-sent events for
 * that channel (the plugin's SubscribeStream + RunStream), decodes each frame with @grafana/data's
 * dataFrameFromJSON and appends its rows, keeping the newest `keep`, as Grafana's streaming frame
 * does; the panel redraws on every frame.
 */
import React, { useEffect, useState } from 'react';
import { dataFrameFromJSON, dateTime, type DataFrame, type DataFrameJSON, type GrafanaTheme2, type TimeRange } from '@grafana/data';

import { FramesViz } from '../../../datasource/tests/harness/frameViews';
import type { PanelJson } from './panels';

declare global {
  interface Window {
    liveFrames?: Record<string, number>;
  }
}

function append(acc: DataFrame | undefined, next: DataFrame, keep: number): DataFrame {
  if (!acc) {
    return next;
  }
  const fields = acc.fields.map((f, i) => ({ ...f, values: [...f.values, ...(next.fields[i]?.values ?? [])].slice(-keep) }));
  return { ...acc, fields, length: fields[0]?.values.length ?? 0 };
}

export function LivePanel(props: { panel: PanelJson; liveUrl: string; channel: string; width: number; height: number; theme: GrafanaTheme2 }) {
  const { panel, liveUrl, channel, width, height, theme } = props;
  const [frame, setFrame] = useState<DataFrame | undefined>();
  useEffect(() => {
    const source = new EventSource(`${liveUrl}/api/live/${channel}`);
    source.onmessage = (ev) => {
      const next = dataFrameFromJSON(JSON.parse(ev.data) as DataFrameJSON);
      window.liveFrames = { ...window.liveFrames, [panel.title]: (window.liveFrames?.[panel.title] ?? 0) + 1 };
      setFrame((acc) => append(acc, next, 300));
    };
    return () => source.close();
  }, [liveUrl, channel, panel.title]);
  if (!frame) {
    return <div style={{ height, display: 'grid', placeItems: 'center', color: theme.colors.text.secondary }}>Waiting for {channel}…</div>;
  }
  // The stream's own span: over the dashboard's hour, seconds of frames would be one sliver.
  const times = (frame.fields[0]?.values ?? []) as number[];
  const from = dateTime((times[0] ?? Date.now()) - 5000);
  const to = dateTime(Math.max(Date.now(), times.at(-1) ?? 0) + 1000);
  const range: TimeRange = { from, to, raw: { from, to } };
  return <FramesViz kind="timeseries" frames={[frame]} fieldConfig={panel.fieldConfig as any} options={panel.options} width={width} height={height} timeRange={range} theme={theme} />;
}
