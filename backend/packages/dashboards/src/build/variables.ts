/**
 * Template variables backed by the datasource's variable support
 * (plugins/datasource/src/variables.ts): the saved query is `{ refId, dimension, limit }` and the
 * plugin answers it from GET /api/v1/values/<dimension>. Multi-value with "All" (no custom all
 * value), so "All" expands to the listed values.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { SCOPE_VARIABLES } from './scope.ts';

/** Upper bound of listed values; the datasource's `in` list takes at most 1,000 (LIMITS.maxInValues). */
export const VARIABLE_VALUE_LIMIT = 1000;

export interface VariableQuery {
  refId: string;
  dimension: string;
  limit: number;
}

export function scopeVariables(ds: DataSourceRef): QueryVariableBuilder[] {
  return SCOPE_VARIABLES.map((v) => {
    const query: VariableQuery = { refId: 'SemantestVariableQuery', dimension: v.dimension, limit: VARIABLE_VALUE_LIMIT };
    return new QueryVariableBuilder(v.name)
      .label(v.label)
      .datasource(ds)
      .query({ ...query })
      .definition(v.dimension)
      .multi(true)
      .includeAll(true)
      .current({ selected: true, text: ['All'], value: ['$__all'] })
      .refresh(VariableRefresh.OnDashboardLoad)
      .sort(VariableSort.AlphabeticalAsc);
  });
}
