import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { FieldType, LoadingState, ThresholdsMode, createTheme, type GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { panelData, panelProps, toDataFrame } from '../../../shared/src/testing/panelProps';
import { defaultOptions, type FailureClustersOptions } from '../types';
import { FailureClustersPanel } from './FailureClustersPanel';

const countConfig = {
  unit: 'short',
  color: { mode: 'thresholds' },
  thresholds: {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'yellow' },
      { value: 10, color: 'orange' },
      { value: 100, color: 'red' },
    ],
  },
};

const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
type Row = [string, string, number, number];

function frame(rows: Row[]) {
  return toDataFrame({
    fields: [
      { name: 'error_type', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'signature', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'failures', type: FieldType.number, values: rows.map((r) => r[2]), config: countConfig },
      { name: 'tests', type: FieldType.number, values: rows.map((r) => r[3]) },
      { name: 'first_seen', type: FieldType.time, values: rows.map((_, i) => T0 + i * 60_000) },
      { name: 'last_seen', type: FieldType.time, values: rows.map((_, i) => T0 + i * 3_600_000) },
    ],
  });
}

const sample = frame([
  ['AssertionError', 'expected <n> to equal <n>', 120, 14],
  ['AssertionError', 'element not visible: <selector>', 40, 6],
  ['TimeoutError', 'navigation timeout of <n> ms exceeded', 5, 3],
]);

function renderPanel(
  data = panelData([sample]),
  options: Partial<FailureClustersOptions> = {},
  theme: GrafanaTheme2 = createTheme({ colors: { mode: 'light' } })
) {
  return render(
    <ThemeContext.Provider value={theme}>
      <FailureClustersPanel {...panelProps({ ...defaultOptions, ...options }, data)} />
    </ThemeContext.Provider>
  );
}

const tile = (name: RegExp) => screen.getByRole('listitem', { name });

describe('FailureClustersPanel', () => {
  afterEach(() => jest.restoreAllMocks());

  it('draws one tile per signature, grouped by error type, with counts', () => {
    renderPanel();
    expect(screen.getByRole('list')).toHaveAccessibleName('Failure clusters: 3 signatures');
    expect(tile(/^AssertionError: expected <n> to equal <n>, 120 failures$/)).toHaveTextContent('120');
    expect(screen.getByText('AssertionError · 160')).toBeInTheDocument();
    // Too small a group for a header band; its tile is still there.
    expect(tile(/^TimeoutError: navigation timeout of <n> ms exceeded, 5 failures$/)).toBeInTheDocument();
    // Areas follow counts: the 120-failure tile is the largest.
    const area = (el: HTMLElement) => parseFloat(el.style.width) * parseFloat(el.style.height);
    expect(area(tile(/^AssertionError: expected/))).toBeGreaterThan(area(tile(/^AssertionError: element/)));
  });

  it.each(['light', 'dark'] as const)('colours tiles by the count thresholds (%s theme)', (mode) => {
    const theme = createTheme({ colors: { mode } });
    renderPanel(undefined, {}, theme);
    const c = (n: string) => theme.visualization.getColorByName(n);
    expect(tile(/expected <n>/)).toHaveAttribute('data-color', c('red'));
    expect(tile(/element not visible/)).toHaveAttribute('data-color', c('orange'));
    expect(tile(/navigation timeout/)).toHaveAttribute('data-color', c('yellow'));
  });

  it('colours by error type from the theme palette when asked', () => {
    const theme = createTheme({ colors: { mode: 'dark' } });
    renderPanel(undefined, { colorBy: 'type' }, theme);
    const first = theme.visualization.getColorByName(theme.visualization.palette[0]!);
    expect(tile(/expected <n>/)).toHaveAttribute('data-color', first);
    expect(tile(/element not visible/)).toHaveAttribute('data-color', first);
    expect(tile(/navigation timeout/)).not.toHaveAttribute('data-color', first);
  });

  it('shows affected tests and first/last seen in a tooltip on keyboard focus; arrows move; Enter sets the variable', () => {
    const partial = jest.spyOn(locationService, 'partial').mockImplementation(() => {});
    renderPanel(undefined, { signatureVariable: 'signature' });
    const first = tile(/expected <n>/);
    expect(first).toHaveAttribute('tabindex', '0');
    act(() => first.focus());
    const tip = screen.getByRole('tooltip');
    expect(first).toHaveAttribute('aria-describedby', tip.id);
    expect(tip).toHaveTextContent('Affected tests14');
    expect(tip).toHaveTextContent('First seen2026-11-20 08:00:00');
    expect(tip).toHaveTextContent('Last seen2026-11-20 08:00:00');
    expect(tip).toHaveTextContent('120 (72.7 %)');
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tile(/element not visible/));
    expect(screen.getByRole('tooltip')).toHaveTextContent('Last seen2026-11-20 09:00:00');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(partial).toHaveBeenCalledWith({ 'var-signature': 'element not visible: <selector>' }, true);
    fireEvent.click(tile(/navigation timeout/));
    expect(partial).toHaveBeenLastCalledWith({ 'var-signature': 'navigation timeout of <n> ms exceeded' }, true);
  });

  it('shows loading, error and empty states', () => {
    const { rerender } = renderPanel(panelData([], LoadingState.Loading));
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    rerender(<FailureClustersPanel {...panelProps(defaultOptions, panelData([], LoadingState.Error, { errors: [{ message: 'timeout' }] }))} />);
    expect(screen.getByRole('alert')).toHaveTextContent('timeout');
    rerender(<FailureClustersPanel {...panelProps(defaultOptions, panelData([frame([['E', 'm', 0, 0]])]))} />);
    expect(screen.getByRole('status')).toHaveTextContent('No failures');
  });

  it('renders 10,000 signatures: the largest get tiles, the rest merge into one "Other" tile per type', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 10_000; i++) {
      rows.push([`Error${i % 5}`, `message ${i}`, 10_000 - i, 1 + (i % 7)]);
    }
    const { container } = renderPanel(panelData([frame(rows)]), { maxTiles: 200 });
    const tiles = container.querySelectorAll('[role="listitem"]');
    expect(tiles).toHaveLength(205);
    const other = container.querySelector('[aria-label^="Error0: Other (1960 signatures)"]');
    expect(other).not.toBeNull();
    expect(container.querySelectorAll('[title^="Error"]')).toHaveLength(5);
  });
});
