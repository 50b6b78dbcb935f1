import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse, toDataFrame } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';

import type { DataSource } from './datasource';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { SemantestVariableQuery } from './types';

/**
 * Template variables list the values of one dimension (project, branch, label:team, ...). The
 * dashboard's search box is passed to the backend as `q` (`__searchFilter`), so large dimensions
 * stay searchable without loading every value. Multi-value and "All" are Grafana's settings; the
 * datasource turns them into `in` filters (see interpolate.ts).
 */
export class SemantestVariableSupport extends CustomVariableSupport<DataSource, SemantestVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly ds: DataSource) {
    super();
  }

  query(request: DataQueryRequest<SemantestVariableQuery>): Observable<DataQueryResponse> {
    const q = request.targets[0];
    const searchVar = request.scopedVars?.['__searchFilter']?.value;
    const search = typeof searchVar === 'string' && searchVar !== '' ? searchVar : q?.search ?? '';
    if (!q?.dimension) {
      return from(Promise.resolve({ data: [] }));
    }
    return from(this.ds.getValues(q.dimension, search, q.limit ?? 1000)).pipe(
      map((values) => ({ data: [toDataFrame({ fields: [{ name: 'text', values }] })] }))
    );
  }
}
