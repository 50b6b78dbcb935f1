import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { QueryEditor } from './QueryEditor';
import { selectOptions as options } from '../__fixtures__/select';
import { installBackendSrv, makeDataSource } from '../__fixtures__/grafana';
import type { SemantestQuery } from '../types';

/** Catalog entries as GET /api/v1/catalog serves them since the rows shape: `shapes` spelled out, `rowColumns` where rows exist. */
const rowColumns = [
  { id: 'started_at', type: 'time', description: 'When the attempt started' },
  { id: 'test', type: 'string', description: 'Test name' },
  { id: 'status', type: 'string', description: 'Status' },
  { id: 'duration_ms', type: 'number', unit: 'ms', description: 'Duration of the attempt' },
  { id: 'branch', type: 'string', description: 'Branch' },
];
const catalog = {
  datasets: [
    {
      id: 'results', queryable: true, labels: true, dimensions: [{ id: 'project' }, { id: 'status' }], metrics: [{ fn: 'pass_rate' }, { fn: 'count' }],
      shapes: ['timeseries_long', 'timeseries_wide', 'table', 'single', 'rows'], rowColumns,
    },
    { id: 'run_diff', queryable: true, labels: false, dimensions: [{ id: 'project' }], metrics: [{ fn: 'count' }], shapes: ['table', 'single'] },
  ],
};

const agg: SemantestQuery = { refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }], groupBy: ['project'], filters: [], shape: 'table' };
const rows: SemantestQuery = {
  refId: 'A', version: 1, dataset: 'results', metrics: [], filters: [], shape: 'rows', columns: ['started_at', 'test', 'duration_ms'],
  orderBy: [{ by: 'duration_ms', dir: 'desc' }],
};

async function renderEditor(query: SemantestQuery) {
  installBackendSrv((req) => (req.url.endsWith('/catalog') ? catalog : { values: [] }));
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  await act(async () => {
    render(<QueryEditor datasource={makeDataSource()} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  });
  return { onChange, onRunQuery };
}

jest.setTimeout(60_000);

describe('QueryEditor, shape rows', () => {
  it('offers "Rows (raw)" only where the catalog lists the shape', async () => {
    await renderEditor(agg);
    expect((await options('Shape')).some((o) => o.startsWith('Rows (raw)'))).toBe(true);
  });

  it('does not offer rows on a dataset without them', async () => {
    await renderEditor({ ...agg, dataset: 'run_diff' });
    expect((await options('Shape')).some((o) => o.startsWith('Rows'))).toBe(false);
  });

  it('switching to rows drops metrics and grouping and picks default columns, and re-runs', async () => {
    const { onChange, onRunQuery } = await renderEditor(agg);
    fireEvent.keyDown(screen.getByLabelText('Shape'), { key: 'ArrowDown' });
    fireEvent.click(await screen.findByText('Rows (raw)'));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A', version: 1, dataset: 'results', metrics: [], filters: [], shape: 'rows', columns: ['started_at', 'test', 'status', 'duration_ms'],
    });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows columns, order and limit instead of metrics and group by; no interval or legend', async () => {
    await renderEditor(rows);
    expect(screen.getByLabelText('Columns')).toBeInTheDocument();
    expect(screen.queryByLabelText('Group by')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Metric 1 function')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Interval')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Legend format')).not.toBeInTheDocument();
    expect(screen.getByText('duration_ms', { selector: '[class*="singleValue"] *, [class*="singleValue"]' })).toBeInTheDocument();
  });

  it('offers the catalog columns not yet selected, and adds the picked one', async () => {
    const { onChange } = await renderEditor(rows);
    const offered = await options('Columns');
    // An option reads "<id><description>"; the ids are lower case, the descriptions start upper case.
    expect(offered.map((o) => o.replace(/[A-Z].*$/, ''))).toEqual(['status', 'branch']);
    fireEvent.keyDown(screen.getByLabelText('Columns'), { key: 'ArrowDown' });
    fireEvent.click(await screen.findByText('branch'));
    expect(onChange).toHaveBeenLastCalledWith({ ...rows, columns: ['started_at', 'test', 'duration_ms', 'branch'] });
  });

  it('orders only by a selected column, and a removed column takes its order with it', async () => {
    const { onChange } = await renderEditor(rows);
    expect(await options('Order by')).toEqual(['started_at', 'test', 'duration_ms']);
    fireEvent.keyDown(screen.getByLabelText('Order by'), { key: 'ArrowDown' });
    fireEvent.click(await screen.findByRole('option', { name: 'test' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...rows, orderBy: [{ by: 'test', dir: 'desc' }] });
    // The third chip of Columns (started_at, test, duration_ms).
    fireEvent.click(screen.getAllByLabelText('Remove')[2]!);
    expect(onChange).toHaveBeenLastCalledWith({ ...rows, columns: ['started_at', 'test'], orderBy: [] });
  });

  it('sets the direction and the limit', async () => {
    const { onChange } = await renderEditor(rows);
    fireEvent.click(screen.getByLabelText('Asc'));
    expect(onChange).toHaveBeenLastCalledWith({ ...rows, orderBy: [{ by: 'duration_ms', dir: 'asc' }] });
    const limit = screen.getByLabelText('Limit');
    fireEvent.change(limit, { target: { value: '250' } });
    fireEvent.blur(limit);
    expect(onChange).toHaveBeenLastCalledWith({ ...rows, limit: 250 });
  });

  it('takes a typed label:<key> as a column where the rows carry labels, nothing else typed', async () => {
    const { onChange } = await renderEditor(rows);
    const input = screen.getByLabelText('Columns');
    fireEvent.change(input, { target: { value: 'nonsense' } });
    // Grafana's creatable Select offers a typed value as "<value> Hit enter to add".
    expect(screen.queryByText('Hit enter to add')).not.toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'label:team' } });
    expect(screen.getByText('Hit enter to add')).toBeInTheDocument();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith({ ...rows, columns: ['started_at', 'test', 'duration_ms', 'label:team'] });
  });

  it('switching back to an aggregate restores a count metric', async () => {
    const { onChange } = await renderEditor(rows);
    fireEvent.keyDown(screen.getByLabelText('Shape'), { key: 'ArrowDown' });
    fireEvent.click(await screen.findByText('Table'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: [], filters: [], shape: 'table' });
  });
});
