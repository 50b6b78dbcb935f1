import { allowsRows, defaultColumns, fitToShape, isRowColumn } from './fitShape';
import type { DatasetSpec, RowColumn, SemantestQuery } from './types';

const col = (id: string, type: RowColumn['type'] = 'string'): RowColumn => ({ id, type });
const resultsSpec: DatasetSpec = {
  dimensions: ['project', 'test', 'status', 'branch'],
  metricFns: ['count', 'pass_rate', 'avg'],
  metricFields: ['duration_ms'],
  shapes: ['timeseries_long', 'timeseries_wide', 'table', 'single', 'rows'],
  compare: false,
  labels: true,
  rowColumns: [col('started_at', 'time'), col('run_id'), col('project'), col('test'), col('status'), col('duration_ms', 'number'), col('branch')],
};
const agg: SemantestQuery = {
  refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }], groupBy: ['project'], filters: [{ field: 'project', op: '=', value: 'web' }],
  shape: 'table', orderBy: [{ by: 'pass_rate', dir: 'asc' }], limit: 50,
};

describe('fitToShape', () => {
  it('into rows: metrics, grouping and a metric order go, default columns come, filters and limit stay', () => {
    expect(fitToShape(agg, 'rows', resultsSpec)).toEqual({
      refId: 'A', version: 1, dataset: 'results', metrics: [], columns: ['started_at', 'test', 'status', 'duration_ms'],
      filters: agg.filters, shape: 'rows', limit: 50,
    });
  });

  it('out of rows: columns and the column order go, a count comes back', () => {
    const rows: SemantestQuery = { ...agg, metrics: [], groupBy: undefined, shape: 'rows', columns: ['test', 'duration_ms'], orderBy: [{ by: 'duration_ms', dir: 'desc' }] };
    const out = fitToShape(rows, 'timeseries_long', resultsSpec);
    expect(out).toEqual({ refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: [], filters: agg.filters, shape: 'timeseries_long', limit: 50 });
    expect(out).not.toHaveProperty('columns');
    expect(fitToShape(rows, 'table', undefined).metrics).toEqual([{ fn: 'count' }]);
  });

  it('between two aggregating shapes only the shape changes', () => {
    expect(fitToShape(agg, 'single', resultsSpec)).toEqual({ ...agg, shape: 'single' });
  });
});

describe('row columns of a dataset', () => {
  it('answers rows only with listed shape and columns', () => {
    expect(allowsRows(resultsSpec)).toBe(true);
    expect(allowsRows({ ...resultsSpec, shapes: ['table'] })).toBe(false);
    expect(allowsRows({ ...resultsSpec, rowColumns: undefined })).toBe(false);
    expect(allowsRows(undefined)).toBe(false);
  });

  it('takes labels only where the rows carry them', () => {
    expect(isRowColumn(resultsSpec, 'label:team')).toBe(true);
    expect(isRowColumn({ ...resultsSpec, labels: false }, 'label:team')).toBe(false);
    expect(isRowColumn(resultsSpec, 'run_id')).toBe(true);
    expect(isRowColumn(resultsSpec, 'error_stack')).toBe(false);
  });

  it('defaults to the time column plus what a reader looks at first, else the first few columns', () => {
    expect(defaultColumns(resultsSpec)).toEqual(['started_at', 'test', 'status', 'duration_ms']);
    const audit: DatasetSpec = { ...resultsSpec, rowColumns: [col('at', 'time'), col('actor'), col('action'), col('resource'), col('outcome')] };
    expect(defaultColumns(audit)).toEqual(['at', 'actor', 'action', 'resource']);
  });
});
