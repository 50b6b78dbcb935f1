/**
 * Failure clusters: a treemap of failures by signature (error type → normalized message), with
 * failures, affected tests and first/last seen in the tooltip. Tile colour comes from the count
 * field's config (thresholds or colour scheme) or, with "colour by type", from the theme palette.
 */
import React, { useCallback, useId, useMemo } from 'react';
import { dateTimeFormat, type PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import { displayFor } from '../../../shared/src/display';
import { PanelMessage } from '../../../shared/src/PanelMessage';
import { panelStatus } from '../../../shared/src/panelStatus';
import { buildClusters } from '../clusterModel';
import { treemapLayout, type GroupBox, type Tile } from '../treemapLayout';
import type { FailureClustersOptions } from '../types';
import { Treemap } from './Treemap';

type Props = PanelProps<FailureClustersOptions>;

export function FailureClustersPanel({ data, options, width, height, timeZone }: Props) {
  const theme = useTheme2();
  const id = useId().replace(/:/g, '');
  const { typeField, messageField, countField, testsField, firstSeenField, lastSeenField, maxTiles } = options;
  const model = useMemo(
    () => buildClusters(data.series, { typeField, messageField, countField, testsField, firstSeenField, lastSeenField }, Math.max(1, maxTiles)),
    [data.series, typeField, messageField, countField, testsField, firstSeenField, lastSeenField, maxTiles]
  );
  const layout = useMemo(() => treemapLayout(model, width, height), [model, width, height]);
  const countDisplay = useMemo(() => (model.countField ? displayFor(model.countField, theme) : undefined), [model.countField, theme]);

  const paletteColor = useCallback(
    (groupIndex: number) => {
      const palette = theme.visualization.palette;
      return theme.visualization.getColorByName(palette[groupIndex % palette.length] ?? 'blue');
    },
    [theme]
  );
  const colorOf = useCallback(
    (t: Tile) => (options.colorBy === 'type' || !countDisplay ? paletteColor(t.group) : countDisplay(t.signature.count).color),
    [options.colorBy, countDisplay, paletteColor]
  );
  const groupColorOf = useCallback((g: GroupBox) => (options.colorBy === 'type' ? paletteColor(g.index) : theme.colors.border.medium), [options.colorBy, paletteColor, theme]);
  const countText = useCallback((n: number) => (countDisplay ? countDisplay(n).text : n.toLocaleString()), [countDisplay]);
  const formatTime = useCallback((ms: number | undefined) => (ms === undefined ? '–' : dateTimeFormat(ms, { timeZone })), [timeZone]);

  const { signatureVariable } = options;
  const onActivate = useMemo(
    () =>
      signatureVariable
        ? (t: Tile) => {
            if (!t.signature.merged) {
              locationService.partial({ [`var-${signatureVariable}`]: t.signature.message }, true);
            }
          }
        : undefined,
    [signatureVariable]
  );

  const status = panelStatus(data, layout.tiles.length, 'No failures in the selected time range.');
  if (status.kind !== 'ready') {
    return <PanelMessage status={status} width={width} height={height} />;
  }
  return (
    <Treemap
      id={id}
      groups={layout.groups}
      tiles={layout.tiles}
      width={width}
      height={height}
      total={model.total}
      colorOf={colorOf}
      groupColorOf={groupColorOf}
      countText={countText}
      formatTime={formatTime}
      onActivate={onActivate}
    />
  );
}
