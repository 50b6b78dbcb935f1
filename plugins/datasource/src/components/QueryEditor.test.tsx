import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LoadingState, toDataFrame, getDefaultTimeRange, type PanelData } from '@grafana/data';
import { config } from '@grafana/runtime';

import { QueryEditor } from './QueryEditor';
import { installBackendSrv, makeDataSource } from '../__fixtures__/grafana';
import type { SemantestQuery } from '../types';

const base: SemantestQuery = {
  refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }], groupBy: ['project'], filters: [], shape: 'timeseries_long',
};

function panelData(over: Partial<PanelData>): PanelData {
  return { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange(), ...over };
}

async function renderEditor(query: SemantestQuery, data?: PanelData) {
  const dims = [{ id: 'project' }, { id: 'branch' }];
  const catalog = { datasets: ['results', 'runs', 'perf', 'errors'].map((id) => ({ id, queryable: true, dimensions: dims })) };
  installBackendSrv((req) => (req.url.endsWith('/catalog') ? catalog : { values: ['api', 'web'] }));
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const ds = makeDataSource();
  await act(async () => {
    render(<QueryEditor datasource={ds} query={query} onChange={onChange} onRunQuery={onRunQuery} data={data} />);
  });
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('migrates an old saved query as soon as it is opened', async () => {
    const { onChange } = await renderEditor({ refId: 'A', metric: 'failure_count' } as unknown as SemantestQuery);
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ version: 1, metrics: [{ fn: 'failure_count' }] }));
  });

  it('changes the dataset and re-runs', async () => {
    const { onChange, onRunQuery } = await renderEditor(base);
    fireEvent.click(screen.getByLabelText('runs'));
    expect(onChange).toHaveBeenLastCalledWith({ ...base, dataset: 'runs' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers every queryable dataset of the catalog, as a menu once there are more than five', async () => {
    installBackendSrv((req) =>
      req.url.endsWith('/catalog')
        ? {
            datasets: ['results', 'runs', 'perf', 'errors', 'test_states', 'failure_clusters'].map((id) => ({ id, title: `About ${id}`, queryable: true, dimensions: [] })).concat([
              { id: 'audit', title: 'Audit', queryable: false, dimensions: [] },
            ]),
          }
        : { values: [] }
    );
    const onChange = jest.fn();
    await act(async () => {
      render(<QueryEditor datasource={makeDataSource()} query={base} onChange={onChange} onRunQuery={jest.fn()} />);
    });
    const select = screen.getByLabelText('Dataset');
    fireEvent.keyDown(select, { key: 'ArrowDown' });
    expect(await screen.findByText('test_states')).toBeInTheDocument();
    expect(screen.queryByText('audit')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('failure_clusters'));
    expect(onChange).toHaveBeenLastCalledWith({ ...base, dataset: 'failure_clusters' });
  });

  it('adds a metric and a filter row', async () => {
    const { onChange } = await renderEditor(base);
    fireEvent.click(screen.getByRole('button', { name: 'Metric' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...base, metrics: [{ fn: 'pass_rate' }, { fn: 'count' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...base, filters: [{ field: 'project', op: '=' }] });
  });

  it('parses the interval and keeps the legend format', async () => {
    const { onChange } = await renderEditor(base);
    const interval = screen.getByLabelText('Interval');
    fireEvent.change(interval, { target: { value: '5m' } });
    fireEvent.blur(interval);
    expect(onChange).toHaveBeenLastCalledWith({ ...base, bucketIntervalMs: 300000 });
    fireEvent.change(screen.getByLabelText('Legend format'), { target: { value: '{{project}}' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...base, legendFormat: '{{project}}' });
  });

  it('switches to a live stream query', async () => {
    const { onChange } = await renderEditor(base);
    fireEvent.click(screen.getByLabelText('Live stream'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ queryType: 'stream' }));
  });

  it('says what a live query streams instead of showing a lone switch', async () => {
    await renderEditor({ ...base, queryType: 'stream' });
    expect(screen.getByText(/Streams this organization's uploads as they arrive/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Group by')).not.toBeInTheDocument();
  });

  it('shows the error of its own query only', async () => {
    await renderEditor(base, panelData({ errors: [{ refId: 'A', message: 'QUERY_INVALID: unknown field nope' }, { refId: 'B', message: 'other' }] }));
    expect(screen.getByText('QUERY_INVALID: unknown field nope')).toBeInTheDocument();
    expect(screen.queryByText('other')).not.toBeInTheDocument();
  });

  it('shows compiled SQL to org admins only', async () => {
    const frame = toDataFrame({ refId: 'A', fields: [], meta: { executedQueryString: 'SELECT pass_rate' } });
    const user = config.bootData.user;
    config.bootData.user = { ...user, orgRole: 'Viewer' } as typeof user;
    await renderEditor(base, panelData({ series: [frame] }));
    expect(screen.queryByTestId('semantest-sql')).not.toBeInTheDocument();
    config.bootData.user = { ...user, orgRole: 'Admin' } as typeof user;
    await renderEditor(base, panelData({ series: [frame] }));
    await waitFor(() => expect(screen.getByTestId('semantest-sql')).toHaveTextContent('SELECT pass_rate'));
    config.bootData.user = user;
  });
});
