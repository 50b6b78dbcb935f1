import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { dateTime } from '@grafana/data';

import { QueryEditor } from './QueryEditor';
import { pick, selectOptions as options } from '../__fixtures__/select';
import { installBackendSrv, makeDataSource } from '../__fixtures__/grafana';
import type { SemantestQuery } from '../types';

/** Catalog entries as GET /api/v1/catalog serves them (run_diff: shapes and compare present). */
const fieldMetrics = (field: string) => ['avg', 'p50', 'p95'].map((fn) => ({ fn, fields: [field] }));
const catalog = {
  datasets: [
    {
      id: 'results', queryable: true, dimensions: [{ id: 'project' }, { id: 'status' }],
      metrics: [{ fn: 'pass_rate' }, { fn: 'count' }, ...fieldMetrics('duration_ms')],
    },
    {
      id: 'run_diff', queryable: true, shapes: ['table', 'single'], compare: 'compare: { before?, after? }',
      dimensions: ['project', 'test', 'owner', 'change'].map((id) => ({ id })),
      metrics: [{ fn: 'count' }, { fn: 'distinct_tests' }, ...fieldMetrics('before_ms'), ...fieldMetrics('after_ms'), ...fieldMetrics('change_pct')],
    },
  ],
};

const diff: SemantestQuery = {
  refId: 'A', version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'test', 'owner'],
  filters: [{ field: 'change', op: '=', value: 'new_failure' }], shape: 'table',
};
const results: SemantestQuery = { ...diff, dataset: 'results', filters: [], shape: 'timeseries_long' };

const range = { from: dateTime(1764000000000), to: dateTime(1764604800000), raw: { from: 'now-7d', to: 'now' } };

async function renderEditor(query: SemantestQuery) {
  const calls = installBackendSrv((req) => (req.url.endsWith('/catalog') ? catalog : { values: ['api', 'web'] }));
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  await act(async () => {
    render(<QueryEditor datasource={makeDataSource()} query={query} onChange={onChange} onRunQuery={onRunQuery} range={range} />);
  });
  return { onChange, onRunQuery, calls };
}

// Each test drives several react-select menus; on a loaded shared CI machine that exceeds jest's 5 s default.
jest.setTimeout(60_000);

describe('QueryEditor on a comparison dataset (run_diff)', () => {
  it('shows the compare section only for datasets whose catalog entry has compare', async () => {
    await renderEditor(results);
    expect(screen.queryByLabelText('Compare before kind')).not.toBeInTheDocument();
    await renderEditor(diff);
    expect(screen.getByLabelText('Compare before kind')).toBeInTheDocument();
  });

  it('writes a run on the before side and a commit on the after side', async () => {
    const { onChange, onRunQuery } = await renderEditor(diff);
    await pick('Compare before kind', 'Run');
    // an empty input leaves the side at its default: no compare yet
    expect(onChange).toHaveBeenLastCalledWith(diff);
    fireEvent.change(screen.getByLabelText('Compare before run'), { target: { value: 'r41' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { before: { run: 'r41' } } });
    await pick('Compare after kind', 'Commit');
    fireEvent.change(screen.getByLabelText('Compare after commit'), { target: { value: '9f3c2e1' } });
    fireEvent.blur(screen.getByLabelText('Compare after commit'));
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { before: { run: 'r41' }, after: { commit: '9f3c2e1' } } });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('writes same period, a branch window and an explicit window', async () => {
    const { onChange } = await renderEditor(diff);
    await pick('Compare before kind', 'Same period');
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { before: { period: 'same' } } });
    await pick('Compare before kind', 'Branch');
    fireEvent.change(screen.getByLabelText('Compare before branch'), { target: { value: 'main' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { before: { branch: 'main' } } });
    fireEvent.click(screen.getByLabelText('Compare before same period'));
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { before: { branch: 'main', period: 'same' } } });
    await pick('Compare before kind', 'Window');
    fireEvent.change(screen.getByLabelText('Compare before from'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('Compare before to'), { target: { value: '1764547200000' } });
    // the branch typed for the branch kind stays as the window's optional branch
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { before: { from: '2026-11-01', to: 1764547200000, branch: 'main' } } });
  });

  it('omits compare when both sides are set back to their defaults', async () => {
    const { onChange } = await renderEditor({ ...diff, compare: { before: { run: 'r41' }, after: { branch: 'feature' } } });
    expect(screen.getByLabelText('Compare before run')).toHaveValue('r41');
    expect(screen.getByLabelText('Compare after branch')).toHaveValue('feature');
    await pick('Compare before kind', 'Previous period');
    expect(onChange).toHaveBeenLastCalledWith({ ...diff, compare: { after: { branch: 'feature' } } });
    await pick('Compare after kind', 'Time range');
    const last = onChange.mock.calls.at(-1)![0] as SemantestQuery;
    expect(last).toEqual(diff);
    expect('compare' in last).toBe(false);
  });

  it('clears compare and fixes the shape when switching datasets', async () => {
    const { onChange } = await renderEditor({ ...diff, compare: { before: { run: 'r41' } } });
    fireEvent.click(screen.getByLabelText('results'));
    const toResults = onChange.mock.calls.at(-1)![0] as SemantestQuery;
    // results has no `change` (nor, in this catalog, test and owner): those go with compare
    expect(toResults).toEqual({ ...diff, dataset: 'results', groupBy: ['project'], filters: [] });
    expect('compare' in toResults).toBe(false);

    const second = await renderEditor(results);
    fireEvent.click(screen.getAllByLabelText('run_diff').at(-1)!);
    // timeseries is not a shape run_diff answers: the first allowed one is taken
    expect(second.onChange).toHaveBeenLastCalledWith({ ...results, dataset: 'run_diff', shape: 'table' });
  });

  it('hides interval and legend for run_diff (no time buckets), shows them for a time series', async () => {
    await renderEditor(diff);
    expect(screen.getByLabelText('Shape')).toBeInTheDocument();
    expect(screen.queryByLabelText('Interval')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Legend format')).not.toBeInTheDocument();
    await renderEditor(results);
    expect(screen.getByLabelText('Interval')).toBeInTheDocument();
    expect(screen.getByLabelText('Legend format')).toBeInTheDocument();
  });

  it("suggests change values from the fixed list, without a values request", async () => {
    const { calls } = await renderEditor(diff);
    expect(await options('Filter 1 value')).toEqual(['new_failure', 'fixed', 'still_failing', 'added', 'removed', 'unchanged', 'slower', 'faster']);
    expect(calls.filter((c) => c.url.includes('/values/'))).toEqual([]);
  });

  it('asks for other run_diff values in the dataset and the time range', async () => {
    const { calls } = await renderEditor({ ...diff, filters: [{ field: 'project', op: '=' }] });
    expect(await options('Filter 1 value')).toEqual(['api', 'web']);
    const asked = calls.filter((c) => c.url.includes('/values/'));
    expect(asked.map((c) => [c.url, c.params])).toEqual([
      ['/api/datasources/uid/sem/resources/values/project', { q: '', limit: 50, dataset: 'run_diff', from: 1764000000000, to: 1764604800000 }],
    ]);
  });

  it('keeps only what run_diff accepts when switching to it', async () => {
    const { onChange } = await renderEditor({ ...results, metrics: [{ fn: 'pass_rate' }], groupBy: ['project', 'status'] });
    fireEvent.click(screen.getAllByLabelText('run_diff').at(-1)!);
    expect(onChange).toHaveBeenLastCalledWith({ ...results, dataset: 'run_diff', shape: 'table', metrics: [{ fn: 'count' }], groupBy: ['project'] });
  });

  it('restricts the shapes to the catalog entry', async () => {
    await renderEditor(diff);
    expect(await options('Shape')).toEqual(['Table', 'Single value']);
  });

  it('offers the metric functions, fields and dimensions of the catalog entry', async () => {
    await renderEditor({ ...diff, metrics: [{ fn: 'p95', field: 'change_pct' }] });
    expect(await options('Metric 1 field')).toEqual(['before_ms', 'after_ms', 'change_pct']);
    expect(await options('Metric 1 function')).toEqual(['count', 'distinct_tests', 'avg', 'p50', 'p95']);
    expect(await options('Group by')).toEqual(expect.arrayContaining(['change']));
  });
});
