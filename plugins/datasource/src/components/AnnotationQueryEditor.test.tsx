import React from 'react';
import { act, render } from '@testing-library/react';
import { dateTime } from '@grafana/data';

import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { selectOptions as optionsOf } from '../__fixtures__/select';
import { installBackendSrv, makeDataSource } from '../__fixtures__/grafana';
import type { SemantestQuery } from '../types';

const catalog = {
  datasets: [
    { id: 'results', queryable: true, dimensions: ['project', 'test', 'status'].map((id) => ({ id })) },
    { id: 'runs', queryable: true, dimensions: ['project', 'branch'].map((id) => ({ id })) },
  ],
};
const range = { from: dateTime(1764000000000), to: dateTime(1764604800000), raw: { from: 'now-7d', to: 'now' } };

jest.setTimeout(30_000);

describe('AnnotationQueryEditor', () => {
  it("offers the filter fields and values of the kind's dataset (failed runs: runs; new failures: results)", async () => {
    const calls = installBackendSrv((req) => (req.url.endsWith('/catalog') ? catalog : { values: ['main'] }));
    const query = { refId: 'Anno', annotationKind: 'failed_runs', filters: [{ field: 'branch', op: '=' }] } as SemantestQuery;
    const ds = makeDataSource();
    const { rerender } = await act(async () => render(<AnnotationQueryEditor datasource={ds} query={query} onChange={jest.fn()} onRunQuery={jest.fn()} range={range} />));
    expect(await optionsOf('Filter 1 field')).toEqual(['project', 'branch']);
    expect(await optionsOf('Filter 1 value')).toEqual(['main']);
    expect(calls.find((c) => c.url.includes('/values/'))?.params).toEqual({ q: '', limit: 50, dataset: 'runs', from: 1764000000000, to: 1764604800000 });
    await act(async () => rerender(<AnnotationQueryEditor datasource={ds} query={{ ...query, annotationKind: 'new_failures' }} onChange={jest.fn()} onRunQuery={jest.fn()} range={range} />));
    expect(await optionsOf('Filter 1 field')).toEqual(['project', 'test', 'status']);
  });
});
