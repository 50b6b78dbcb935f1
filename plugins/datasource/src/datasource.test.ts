import { lastValueFrom } from 'rxjs';
import {
  CoreApp,
  dataFrameToJSON,
  dateTime,
  FieldType,
  toDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
} from '@grafana/data';

import { installBackendSrv, installTemplateSrv, makeDataSource } from './__fixtures__/grafana';
import type { SemantestQuery, SemantestVariableQuery } from './types';

const range = { from: dateTime(1700000000000), to: dateTime(1700000900000), raw: { from: 'now-15m', to: 'now' } };

function request<T>(targets: T[], extra: Partial<DataQueryRequest<any>> = {}): DataQueryRequest<any> {
  return {
    requestId: 'r1', app: CoreApp.Dashboard, interval: '1m', intervalMs: 60000, maxDataPoints: 500, range,
    scopedVars: {}, targets, timezone: 'utc', startTime: 0, ...extra,
  } as DataQueryRequest<any>;
}

const passRate = dataFrameToJSON(
  toDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [1700000000000] },
      { name: 'pass_rate', type: FieldType.number, values: [0.93], labels: { project: 'api' } },
    ],
  })
);

describe('DataSource.query (through DataSourceWithBackend)', () => {
  it('sends interpolated, migrated queries to /api/ds/query and decodes frames', async () => {
    installTemplateSrv({ project: ['api', 'web'], branch: 'main' });
    const calls = installBackendSrv((req) =>
      req.url.startsWith('/api/ds/query') ? { results: { A: { frames: [passRate] } } } : undefined
    );
    const ds = makeDataSource();
    const target = {
      refId: 'A',
      datasource: { uid: 'sem', type: 'semantest-analytics-datasource' },
      metric: 'pass_rate', // v0 shape: must be migrated before sending
      filters: [
        { field: 'project', op: '=', value: '$project' },
        { field: 'branch', op: '=', value: '$branch' },
      ],
      legendFormat: '{{project}} on $branch',
    } as unknown as SemantestQuery;
    const res: DataQueryResponse = await lastValueFrom(
      ds.query(request([target], { filters: [{ key: 'os', operator: '!=', value: 'windows' }] }))
    );

    const sent = calls.find((c) => c.url.startsWith('/api/ds/query'))!.data.queries[0];
    expect(sent).toMatchObject({
      version: 1,
      metrics: [{ fn: 'pass_rate' }],
      filters: [
        { field: 'project', op: 'in', value: ['api', 'web'] },
        { field: 'branch', op: '=', value: 'main' },
        { field: 'os', op: '!=', value: 'windows' },
      ],
      legendFormat: '{{project}} on main',
    });
    expect(res.data[0].fields[1].labels).toEqual({ project: 'api' });
    expect(res.data[0].fields[1].values[0]).toBe(0.93);
  });

  it('surfaces a per-query backend error on its own refId', async () => {
    installTemplateSrv({});
    installBackendSrv(() => ({
      results: {
        A: { frames: [passRate] },
        B: { error: 'QUERY_INVALID: unknown field nope', errorSource: 'downstream', status: 400 },
      },
    }));
    const ds = makeDataSource();
    const res = await lastValueFrom(ds.query(request([{ refId: 'A', version: 1 }, { refId: 'B', version: 1 }])));
    expect(res.errors?.[0]).toMatchObject({ refId: 'B', message: 'QUERY_INVALID: unknown field nope' });
    expect(res.data).toHaveLength(1);
  });

  it('does not send hidden queries', () => {
    const ds = makeDataSource();
    expect(ds.filterQuery({ refId: 'A', hide: true })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', version: 1, metrics: [] } as SemantestQuery)).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'stream' })).toBe(true);
  });

  it('sends a rows query with a column though it has no metric, not one without columns', () => {
    const ds = makeDataSource();
    const rows = { refId: 'A', version: 1, dataset: 'results', shape: 'rows', metrics: [] } as SemantestQuery;
    expect(ds.filterQuery({ ...rows, columns: ['test'] })).toBe(true);
    expect(ds.filterQuery({ ...rows, queryType: 'model', columns: ['started_at', 'test'] })).toBe(true);
    expect(ds.filterQuery({ ...rows, columns: [] })).toBe(false);
    expect(ds.filterQuery(rows)).toBe(false);
    expect(ds.filterQuery({ ...rows, columns: ['test'], hide: true })).toBe(false);
  });
});

describe('ad hoc filters and variables (through resources)', () => {
  it('lists tag keys from the catalog and tag values from values/<dimension>', async () => {
    const calls = installBackendSrv((req) => {
      if (req.url.endsWith('/resources/catalog')) {
        return {
          datasets: [
            { id: 'results', queryable: true, dimensions: [{ id: 'project', description: 'Project' }, { id: 'branch', description: 'Branch' }] },
            { id: 'runs', queryable: true, dimensions: [{ id: 'project', description: 'Project' }, { id: 'label:team', description: '' }] },
            { id: 'audit', queryable: false, dimensions: [{ id: 'actor', description: 'Who' }] },
          ],
        };
      }
      if (req.url.includes('/resources/values/')) {
        return { values: ['api', 'web'] };
      }
      return undefined;
    });
    const ds = makeDataSource();
    // Union over the queryable datasets, deduplicated, in catalog order; not-queryable ones left out.
    expect(await ds.getTagKeys()).toEqual([{ text: 'project' }, { text: 'branch' }, { text: 'label:team' }]);
    expect((await ds.getDimensions('runs')).map((d) => d.name)).toEqual(['project', 'label:team']);
    expect(await ds.getTagValues({ key: 'label:team', filters: [] } as any)).toEqual([{ text: 'api' }, { text: 'web' }]);
    // the catalog is read once for both dimension lists
    expect(calls.map((c) => c.url)).toEqual(['/api/datasources/uid/sem/resources/catalog', '/api/datasources/uid/sem/resources/values/label%3Ateam']);
  });

  it('falls back to the built-in dimensions when the catalog is unavailable', async () => {
    installBackendSrv(() => {
      throw new Error('502');
    });
    const dims = await makeDataSource().getDimensions();
    expect(dims.map((d) => d.name)).toContain('branch');
  });

  it('variable query lists values, searched with the dashboard search box', async () => {
    const calls = installBackendSrv(() => ({ values: ['main', 'release/1.2'] }));
    const ds = makeDataSource();
    const vs = ds.variables as unknown as { query(r: DataQueryRequest<SemantestVariableQuery>): any };
    const res: DataQueryResponse = await lastValueFrom(
      vs.query(request([{ refId: 'Var', dimension: 'branch' }], { scopedVars: { __searchFilter: { text: 'rel', value: 'rel' } } }))
    );
    expect(calls[0].url).toBe('/api/datasources/uid/sem/resources/values/branch');
    expect(calls[0].params).toEqual({ q: 'rel', limit: 1000 });
    expect(res.data[0].fields[0].values).toEqual(['main', 'release/1.2']);
  });
});

describe('value suggestions (getValues)', () => {
  it('asks values/<dimension> in the query dataset and time range (epoch ms)', async () => {
    const calls = installBackendSrv(() => ({ values: ['api', 'web'] }));
    const values = await makeDataSource().getValues('project', 'a', 50, { dataset: 'run_diff', range });
    expect(values).toEqual(['api', 'web']);
    expect(calls.map((c) => [c.url, c.params])).toEqual([
      ['/api/datasources/uid/sem/resources/values/project', { q: 'a', limit: 50, dataset: 'run_diff', from: 1700000000000, to: 1700000900000 }],
    ]);
  });

  it("offers run_diff's change values from the fixed list, searched, without a request", async () => {
    const calls = installBackendSrv(() => {
      throw new Error('no request expected');
    });
    const ds = makeDataSource();
    expect(await ds.getValues('change', '', 50, { dataset: 'run_diff', range })).toEqual([
      'new_failure', 'fixed', 'still_failing', 'added', 'removed', 'unchanged', 'slower', 'faster',
    ]);
    expect(await ds.getValues('change', 'FAIL')).toEqual(['new_failure', 'still_failing']);
    expect(await ds.getValues('change', '', 2)).toEqual(['new_failure', 'fixed']);
    expect(calls).toEqual([]);
  });

  it('reads the catalog once for datasets, dimensions and specs', async () => {
    const calls = installBackendSrv(() => ({ datasets: [{ id: 'results', queryable: true, dimensions: [{ id: 'project' }], metrics: [{ fn: 'count' }] }] }));
    const ds = makeDataSource();
    await Promise.all([ds.getDatasets(), ds.getDimensions('results'), ds.getDatasetSpecs()]);
    expect(calls.filter((c) => c.url.endsWith('/catalog'))).toHaveLength(1);
    expect((await ds.getDatasetSpecs()).results).toEqual({ dimensions: ['project'], metricFns: ['count'], metricFields: [], shapes: undefined, compare: false });
  });

  it('carries the row columns and the labels flag of a dataset into its spec', async () => {
    const rowColumns = [{ id: 'started_at', type: 'time', description: 'When' }, { id: 'test', type: 'string', description: 'Test' }];
    installBackendSrv(() => ({ datasets: [{ id: 'results', labels: true, shapes: ['table', 'rows'], rowColumns, dimensions: [], metrics: [] }, { id: 'run_diff', labels: false, shapes: ['table'], dimensions: [], metrics: [] }] }));
    const specs = await makeDataSource().getDatasetSpecs();
    expect(specs.results).toMatchObject({ shapes: ['table', 'rows'], rowColumns, labels: true });
    expect(specs.run_diff).not.toHaveProperty('rowColumns');
    expect(specs.run_diff).not.toHaveProperty('labels');
  });
});

describe('annotations', () => {
  it('prepares annotation queries for QueryData with a kind', () => {
    const ds = makeDataSource();
    const q = ds.annotations!.prepareQuery!({
      name: 'Failures', enable: true, iconColor: 'red',
      target: { refId: '', annotationKind: 'new_failures', filters: [] } as SemantestQuery,
    } as any);
    expect(q).toEqual({ refId: 'Anno', queryType: 'annotations', annotationKind: 'new_failures', filters: [] });
    expect(ds.annotations!.getDefaultQuery!()).toMatchObject({ queryType: 'annotations', annotationKind: 'failed_runs' });
  });
});
