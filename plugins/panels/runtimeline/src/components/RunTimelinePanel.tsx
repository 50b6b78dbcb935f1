/**
 * Test run timeline: per-test strips of recent outcomes (passed, failed, passed on retry,
 * skipped, quarantined) with flip markers, sortable by flakiness, failures, owner or name.
 * The flakiness score is shown with the panel's field config (unit, decimals, thresholds).
 */
import React, { useCallback, useId, useMemo, useState } from 'react';
import { dateTimeFormat, type PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import { derivedField, displayFor, withFallbacks } from '../../../shared/src/display';
import { PanelMessage } from '../../../shared/src/PanelMessage';
import { panelStatus } from '../../../shared/src/panelStatus';
import { buildStrips, sortStrips, type TestStrip } from '../timelineModel';
import type { RunTimelineOptions, SortBy } from '../types';
import { StripGrid } from './StripGrid';
import { TOOLBAR_HEIGHT, Toolbar } from './Toolbar';

type Props = PanelProps<RunTimelineOptions>;

export function RunTimelinePanel({ data, options, fieldConfig, width, height, timeZone }: Props) {
  const theme = useTheme2();
  const id = useId().replace(/:/g, '');
  // The in-panel switch is a viewer's quick override; it lapses when the options editor changes
  // the panel's sort (the override remembers which setting it overrode).
  const [override, setOverride] = useState<{ base: SortBy; value: SortBy } | null>(null);
  const sortBy = override && override.base === options.sortBy ? override.value : options.sortBy;
  const onSort = useCallback((value: SortBy) => setOverride({ base: options.sortBy, value }), [options.sortBy]);

  const { testField, statusField, timeField, ownerField, runField, maxRuns } = options;
  const strips = useMemo(
    () => buildStrips(data.series, { testField, statusField, timeField, ownerField, runField }, Math.max(1, maxRuns)),
    [data.series, testField, statusField, timeField, ownerField, runField, maxRuns]
  );
  const sorted = useMemo(() => sortStrips(strips, sortBy), [strips, sortBy]);
  const slots = useMemo(() => strips.reduce((m, s) => Math.max(m, s.runs.length), 0), [strips]);
  const flakiness = useMemo(
    () => displayFor(derivedField('Flakiness', withFallbacks(fieldConfig.defaults, { min: 0, max: 1, decimals: 0 })), theme),
    [fieldConfig.defaults, theme]
  );
  const formatTime = useCallback((ms: number | undefined) => (ms === undefined ? 'time unknown' : dateTimeFormat(ms, { timeZone })), [timeZone]);

  const { testVariable } = options;
  const onActivate = useMemo(
    () => (testVariable ? (s: TestStrip) => locationService.partial({ [`var-${testVariable}`]: s.test }, true) : undefined),
    [testVariable]
  );

  const status = panelStatus(data, strips.length, 'No test results: the query must return a test name and a status field.');
  if (status.kind !== 'ready') {
    return <PanelMessage status={status} width={width} height={height} />;
  }
  return (
    <div>
      <Toolbar sortBy={sortBy} onSort={onSort} showLegend={width >= 560} />
      <StripGrid
        id={id}
        strips={sorted}
        slots={slots}
        width={width}
        height={Math.max(0, height - TOOLBAR_HEIGHT)}
        showOwner={options.showOwner}
        flakiness={flakiness}
        formatTime={formatTime}
        onActivate={onActivate}
      />
    </div>
  );
}
