import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { FieldType, LoadingState, ThresholdsMode, createTheme, type GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { panelData, panelProps, toDataFrame } from '../../../shared/src/testing/panelProps';
import { defaultOptions } from '../types';
import { HealthMatrixPanel } from './HealthMatrixPanel';

const passConfig = {
  unit: 'percentunit',
  decimals: 0,
  color: { mode: 'thresholds' },
  thresholds: {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'red' },
      { value: 0.85, color: 'orange' },
      { value: 0.95, color: 'green' },
    ],
  },
};

function frame(rows: Array<[string, string, number, number]>) {
  return toDataFrame({
    fields: [
      { name: 'suite', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'environment', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'pass_rate', type: FieldType.number, values: rows.map((r) => r[2]), config: passConfig },
      { name: 'results', type: FieldType.number, values: rows.map((r) => r[3]) },
    ],
  });
}

const sample = frame([
  ['checkout', 'staging', 0.99, 120],
  ['checkout', 'prod', 0.9, 80],
  ['login', 'staging', 0.5, 40],
]);

function renderPanel(data = panelData([sample]), theme: GrafanaTheme2 = createTheme({ colors: { mode: 'light' } }), size?: { width: number; height: number }) {
  return render(
    <ThemeContext.Provider value={theme}>
      <HealthMatrixPanel {...panelProps(defaultOptions, data, size)} />
    </ThemeContext.Provider>
  );
}

const cell = (name: RegExp) => screen.getByRole('gridcell', { name });

describe('HealthMatrixPanel', () => {
  afterEach(() => jest.restoreAllMocks());

  it('draws sorted rows × columns with values, counts and an empty slot for missing pairs', () => {
    renderPanel();
    expect(screen.getByRole('grid', { name: 'Test health matrix' })).toHaveAttribute('aria-rowcount', '2');
    expect(screen.getAllByRole('row').map((r) => r.getAttribute('aria-label'))).toEqual(['checkout', 'login']);
    expect(cell(/^checkout, prod: 90%, 80 results$/)).toHaveTextContent('90%80');
    expect(cell(/^login, prod: no data$/)).toBeInTheDocument();
  });

  it.each(['light', 'dark'] as const)('colours cells by the field-config thresholds (%s theme)', (mode) => {
    const theme = createTheme({ colors: { mode } });
    renderPanel(undefined, theme);
    const color = (name: string) => theme.visualization.getColorByName(name);
    expect(cell(/^checkout, staging/)).toHaveAttribute('data-color', color('green'));
    expect(cell(/^checkout, prod/)).toHaveAttribute('data-color', color('orange'));
    expect(cell(/^login, staging/)).toHaveAttribute('data-color', color('red'));
  });

  it('merges duplicate pairs into a count-weighted pass rate', () => {
    renderPanel(panelData([frame([['a', 'x', 1, 30], ['a', 'x', 0, 10]])]));
    expect(cell(/^a, x: 75%, 40 results$/)).toBeInTheDocument();
  });

  it('sets both dashboard variables when a cell is clicked', () => {
    const partial = jest.spyOn(locationService, 'partial').mockImplementation(() => {});
    renderPanel();
    fireEvent.click(cell(/^checkout, prod/));
    expect(partial).toHaveBeenCalledWith({ 'var-suite': 'checkout', 'var-environment': 'prod' }, true);
    partial.mockClear();
    fireEvent.click(cell(/^login, prod: no data/));
    expect(partial).not.toHaveBeenCalled();
  });

  it('is keyboard accessible: one tab stop, arrows move focus, focus shows the tooltip, Enter filters', () => {
    const partial = jest.spyOn(locationService, 'partial').mockImplementation(() => {});
    renderPanel();
    const tabStops = screen.getAllByRole('gridcell').filter((c) => c.tabIndex === 0);
    expect(tabStops).toHaveLength(1);
    const first = tabStops[0]!;
    act(() => first.focus());
    expect(screen.getByRole('tooltip')).toHaveTextContent('checkout · prod');
    expect(first).toHaveAttribute('aria-describedby', screen.getByRole('tooltip').id);
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cell(/^login, prod/));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cell(/^login, staging/));
    expect(screen.getByRole('tooltip')).toHaveTextContent('Pass rate: 50%');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(partial).toHaveBeenCalledWith({ 'var-suite': 'login', 'var-environment': 'staging' }, true);
    fireEvent.blur(document.activeElement!);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('shows loading, error and empty states', () => {
    const { rerender } = renderPanel(panelData([], LoadingState.Loading));
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    rerender(<HealthMatrixPanel {...panelProps(defaultOptions, panelData([], LoadingState.Error, { errors: [{ message: 'backend down' }] }))} />);
    expect(screen.getByRole('alert')).toHaveTextContent('backend down');
    rerender(<HealthMatrixPanel {...panelProps(defaultOptions, panelData([]))} />);
    expect(screen.getByRole('status')).toHaveTextContent('No results');
  });

  it('renders a 100 × 100 matrix (10,000 cells) through a virtual window and scrolls to a keyboard target', () => {
    const rows: Array<[string, string, number, number]> = [];
    for (let s = 0; s < 100; s++) {
      for (let e = 0; e < 100; e++) {
        rows.push([`suite-${s}`, `env-${e}`, ((s * 7 + e) % 100) / 100, s + e]);
      }
    }
    const { container } = renderPanel(panelData([frame(rows)]), undefined, { width: 900, height: 500 });
    // querySelectorAll, not getAllByRole: role queries walk the accessibility tree and are slow.
    const cells = () => [...container.querySelectorAll<HTMLElement>('[role="gridcell"]')];
    const grid = screen.getByRole('grid');
    expect(grid).toHaveAttribute('aria-rowcount', '100');
    expect(grid).toHaveAttribute('aria-colcount', '100');
    const drawn = cells().length;
    expect(drawn).toBeGreaterThan(50);
    expect(drawn).toBeLessThan(1000);
    const start = cells().find((c) => c.tabIndex === 0)!;
    act(() => start.focus());
    fireEvent.keyDown(start, { key: 'End', ctrlKey: true });
    expect(document.activeElement).toHaveAttribute('aria-label', expect.stringMatching(/^suite-99, env-99: /));
  });
});
