import { fitToDataset } from './fitDataset';
import type { DatasetSpec, SemantestQuery } from './types';

const results: SemantestQuery = {
  refId: 'A', version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }, { fn: 'count' }], groupBy: ['project', 'environment', 'label:team'],
  filters: [{ field: 'project', op: '=', value: 'web' }, { field: 'status', op: '=', value: 'failed' }], shape: 'timeseries_long', bucketIntervalMs: 3_600_000,
};
const runDiff: DatasetSpec = {
  dimensions: ['project', 'suite', 'test', 'file', 'owner', 'branch', 'change'],
  metricFns: ['count', 'distinct_tests', 'avg', 'p95'],
  metricFields: ['before_ms', 'after_ms', 'change_pct'],
  shapes: ['table', 'single'],
  compare: true,
};
const plain: DatasetSpec = { dimensions: ['project', 'status'], metricFns: ['count', 'pass_rate', 'avg'], metricFields: ['duration_ms'], compare: false };

describe('fitToDataset', () => {
  it('keeps what run_diff accepts and drops the rest (metric, dimension, filter, shape)', () => {
    expect(fitToDataset(results, 'run_diff', runDiff)).toEqual({
      ...results, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'label:team'],
      filters: [{ field: 'project', op: '=', value: 'web' }], shape: 'table',
    });
  });

  it('puts count in when no metric fits, and a field metric with a field the dataset has', () => {
    expect(fitToDataset({ ...results, metrics: [{ fn: 'pass_rate' }] }, 'run_diff', runDiff).metrics).toEqual([{ fn: 'count' }]);
    expect(fitToDataset({ ...results, metrics: [{ fn: 'avg', field: 'duration_ms' }] }, 'run_diff', runDiff).metrics).toEqual([{ fn: 'count' }]);
    const onlyAvg = { ...runDiff, metricFns: ['avg'] };
    expect(fitToDataset({ ...results, metrics: [{ fn: 'pass_rate' }] }, 'run_diff', onlyAvg).metrics).toEqual([{ fn: 'avg', field: 'before_ms' }]);
  });

  it('drops compare on a dataset without it, keeps it on one with it', () => {
    const diff: SemantestQuery = { ...results, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project'], filters: [], shape: 'table', compare: { before: { run: 'r1' } } };
    const back = fitToDataset(diff, 'results', plain);
    expect('compare' in back).toBe(false);
    expect(back).toEqual({ ...diff, dataset: 'results', compare: undefined });
    expect(fitToDataset(diff, 'run_diff', runDiff).compare).toEqual({ before: { run: 'r1' } });
  });

  it('changes only the dataset when its catalog entry is unknown', () => {
    const { compare: _c, ...rest } = { ...results, compare: { before: { run: 'r1' } } };
    expect(fitToDataset({ ...results, compare: { before: { run: 'r1' } } }, 'perf', undefined)).toEqual({ ...rest, dataset: 'perf' });
  });

  describe('a rows query', () => {
    const rowsSpec = (ids: string[], labels = true): DatasetSpec => ({
      ...plain, labels, shapes: ['table', 'rows'], rowColumns: ids.map((id) => ({ id, type: id.endsWith('_at') || id === 'ts' ? 'time' : 'string' })),
    });
    const rows: SemantestQuery = {
      refId: 'A', version: 1, dataset: 'results', metrics: [], shape: 'rows', columns: ['started_at', 'test', 'status', 'label:team'],
      filters: [{ field: 'status', op: '=', value: 'failed' }], orderBy: [{ by: 'status', dir: 'desc' }, { by: 'test', dir: 'asc' }], limit: 100,
    };

    it('keeps the columns the new dataset has, and the order only on kept columns', () => {
      expect(fitToDataset(rows, 'errors', rowsSpec(['started_at', 'test', 'error_stack']))).toEqual({
        ...rows, dataset: 'errors', columns: ['started_at', 'test', 'label:team'], orderBy: [{ by: 'test', dir: 'asc' }],
      });
      expect(fitToDataset(rows, 'x', rowsSpec(['started_at', 'test'], false)).columns).toEqual(['started_at', 'test']);
    });

    it("puts the new dataset's time column first when the old one was dropped", () => {
      const perf = rowsSpec(['ts', 'test', 'value'], false);
      expect(fitToDataset({ ...rows, columns: ['started_at', 'test'] }, 'perf', perf).columns).toEqual(['ts', 'test']);
      const runs = rowsSpec(['started_at', 'finished_at', 'branch'], false);
      expect(fitToDataset({ ...rows, columns: ['started_at', 'test'] }, 'runs', runs).columns).toEqual(['started_at']);
      expect(fitToDataset({ ...rows, columns: ['test'] }, 'perf', perf).columns).toEqual(['test']);
    });

    it("takes the dataset's default columns when none is left", () => {
      const perf = rowsSpec(['ts', 'run_id', 'project', 'test', 'metric', 'value'], false);
      expect(fitToDataset({ ...rows, columns: ['started_at', 'status'], orderBy: [{ by: 'status', dir: 'desc' }] }, 'perf', perf)).toMatchObject({ columns: ['ts', 'test', 'project', 'value'], orderBy: [] });
    });

    it('becomes an aggregate with a count on a dataset without raw rows', () => {
      const out = fitToDataset(rows, 'run_diff', runDiff);
      expect(out).toEqual({
        refId: 'A', version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: [], shape: 'table', filters: [], limit: 100,
      });
    });
  });
});
