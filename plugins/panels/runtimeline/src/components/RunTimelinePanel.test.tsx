import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { FieldColorModeId, FieldType, LoadingState, ThresholdsMode, createTheme, type GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { panelData, panelProps, toDataFrame } from '../../../shared/src/testing/panelProps';
import { defaultOptions, type RunTimelineOptions } from '../types';
import { RunTimelinePanel } from './RunTimelinePanel';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
type Row = [test: string, status: string, minute: number, owner: string];

function frame(rows: Row[]) {
  return toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((r) => T0 + r[2] * 60_000) },
      { name: 'test', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'status', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'owner', type: FieldType.string, values: rows.map((r) => r[3]) },
      { name: 'run_id', type: FieldType.string, values: rows.map((r) => `run-${r[2]}`) },
    ],
  });
}

const sample = frame([
  ['checkout pays', 'passed', 1, '@payments'],
  ['checkout pays', 'failed', 2, '@payments'],
  ['checkout pays', 'passed', 3, '@payments'],
  ['login works', 'passed', 1, '@auth'],
  ['login works', 'passed', 2, '@auth'],
  ['login works', 'passed', 3, '@auth'],
  ['search finds', 'skipped', 1, ''],
  ['search finds', 'passed_on_retry', 2, ''],
  ['search finds', 'quarantined', 3, ''],
]);

const fieldConfig = {
  defaults: {
    unit: 'percentunit',
    decimals: 0,
    color: { mode: FieldColorModeId.Thresholds },
    thresholds: {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 0.1, color: 'orange' },
        { value: 0.3, color: 'red' },
      ],
    },
  },
  overrides: [],
};

function renderPanel(data = panelData([sample]), options: Partial<RunTimelineOptions> = {}, theme: GrafanaTheme2 = createTheme({ colors: { mode: 'light' } }), size?: { width: number; height: number }) {
  const props = { ...panelProps({ ...defaultOptions, ...options }, data, size), fieldConfig };
  return render(
    <ThemeContext.Provider value={theme}>
      <RunTimelinePanel {...props} />
    </ThemeContext.Provider>
  );
}

const rowNames = () => screen.getAllByRole('row').map((r) => r.getAttribute('aria-label'));

describe('RunTimelinePanel', () => {
  afterEach(() => jest.restoreAllMocks());

  it('draws one strip per test, newest outcome on the right, with flip markers', () => {
    renderPanel();
    expect(screen.getByRole('grid', { name: 'Test run timeline' })).toHaveAttribute('aria-rowcount', '3');
    const row = screen.getByRole('row', { name: 'checkout pays' });
    const cells = within(row).getAllByRole('gridcell');
    expect(cells.map((c) => c.getAttribute('data-outcome'))).toEqual(['passed', 'failed', 'passed']);
    expect(cells.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Passed, 2026-11-25 12:01:00',
      'Failed, flip, 2026-11-25 12:02:00',
      'Passed, flip, 2026-11-25 12:03:00',
    ]);
    const search = within(screen.getByRole('row', { name: 'search finds' })).getAllByRole('gridcell');
    expect(search.map((c) => c.getAttribute('data-outcome'))).toEqual(['skipped', 'retried', 'quarantined']);
    expect(screen.getByRole('list', { name: 'Outcomes' })).toHaveTextContent('Passed on retry');
  });

  it.each(['light', 'dark'] as const)('colours the flakiness score with the field-config thresholds (%s theme)', (mode) => {
    const theme = createTheme({ colors: { mode } });
    renderPanel(undefined, {}, theme);
    const score = (test: string) => within(screen.getByRole('row', { name: test })).getByLabelText(/^Flakiness/);
    const c = (n: string) => theme.visualization.getColorByName(n);
    // checkout: 2 flips / 3 decisive = 67 %; search: 1 retry / 1 decisive = 100 %; login: 0 %.
    expect(score('checkout pays')).toHaveTextContent('67%');
    expect(score('checkout pays')).toHaveAttribute('data-color', c('red'));
    expect(score('login works')).toHaveAttribute('data-color', c('green'));
  });

  it('sorts by flakiness by default and by owner from the in-panel switch (unowned last)', () => {
    renderPanel();
    expect(rowNames()).toEqual(['search finds', 'checkout pays', 'login works']);
    fireEvent.click(screen.getByRole('radio', { name: 'Owner' }));
    expect(rowNames()).toEqual(['login works', 'checkout pays', 'search finds']);
  });

  it('lets a change in the options editor win over the in-panel sort switch', () => {
    const theme = createTheme({ colors: { mode: 'light' } });
    const view = (sortBy: RunTimelineOptions['sortBy']) => (
      <ThemeContext.Provider value={theme}>
        <RunTimelinePanel {...panelProps({ ...defaultOptions, sortBy }, panelData([sample]))} fieldConfig={fieldConfig} />
      </ThemeContext.Provider>
    );
    const { rerender } = render(view('flakiness'));
    fireEvent.click(screen.getByRole('radio', { name: 'Owner' }));
    rerender(view('name'));
    expect(rowNames()).toEqual(['checkout pays', 'login works', 'search finds']);
    expect(screen.getByRole('radio', { name: 'Name' })).toBeChecked();
  });

  it('is keyboard accessible and sets the test variable on Enter and click', () => {
    const partial = jest.spyOn(locationService, 'partial').mockImplementation(() => {});
    renderPanel(undefined, { testVariable: 'test' });
    const start = screen.getAllByRole('gridcell').find((c) => c.tabIndex === 0)!;
    act(() => start.focus());
    expect(screen.getByRole('tooltip')).toHaveTextContent('search finds');
    expect(screen.getByRole('tooltip')).toHaveTextContent('Skipped');
    fireEvent.keyDown(start, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toHaveAttribute('aria-label', 'Failed, flip, 2026-11-25 12:02:00');
    const tip = screen.getByRole('tooltip');
    expect(document.activeElement).toHaveAttribute('aria-describedby', tip.id);
    expect(tip).toHaveTextContent('Run run-2');
    expect(tip).toHaveTextContent('Flipped from the previous decisive outcome');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(partial).toHaveBeenCalledWith({ 'var-test': 'checkout pays' }, true);
    fireEvent.click(within(screen.getByRole('row', { name: 'login works' })).getAllByRole('gridcell')[0]!);
    expect(partial).toHaveBeenLastCalledWith({ 'var-test': 'login works' }, true);
  });

  it('shows loading, error and empty states', () => {
    const { rerender } = renderPanel(panelData([], LoadingState.Loading));
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    rerender(<RunTimelinePanel {...panelProps(defaultOptions, panelData([], LoadingState.Error, { error: { message: 'forbidden' } }))} />);
    expect(screen.getByRole('alert')).toHaveTextContent('forbidden');
    rerender(<RunTimelinePanel {...panelProps(defaultOptions, panelData([]))} />);
    expect(screen.getByRole('status')).toHaveTextContent('No test results');
  });

  it('renders 500 tests × 20 runs (10,000 cells) by windowing rows', () => {
    const rows: Row[] = [];
    const statuses = ['passed', 'failed', 'passed_on_retry', 'skipped', 'quarantined'];
    for (let t = 0; t < 500; t++) {
      for (let m = 0; m < 20; m++) {
        rows.push([`test-${t}`, statuses[(t * m) % 5]!, m, `team-${t % 9}`]);
      }
    }
    const { container } = renderPanel(panelData([frame(rows)]), { maxRuns: 20 }, undefined, { width: 900, height: 500 });
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '500');
    const drawn = container.querySelectorAll('[role="gridcell"]').length;
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(1000);
    const start = container.querySelector<HTMLElement>('[role="gridcell"][tabindex="0"]')!;
    act(() => start.focus());
    fireEvent.keyDown(start, { key: 'End', ctrlKey: true });
    expect(document.activeElement?.closest('[role="row"]')).toHaveAttribute('aria-rowindex', '500');
  });
});
