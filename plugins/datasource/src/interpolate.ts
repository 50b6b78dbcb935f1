import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

import { MULTI_VALUE_OPS, type Filter, type FilterOp } from './queryModel';

const AD_HOC_OPS: Record<string, FilterOp> = { '=': '=', '!=': '!=', '=~': 'regex', '<': '<', '>': '>' };

export function toFilter(f: AdHocVariableFilter): Filter {
  return { field: f.key, op: AD_HOC_OPS[f.operator] ?? '=', value: f.value };
}

/**
 * Resolves `$var` in filter values. A value that is exactly one variable expands to that variable's
 * values: several values turn `=`/`!=` into `in`/`not_in`, so multi-value and "All" selections
 * become one parameterised list for the backend (never SQL text).
 */
export function interpolateFilters(filters: Filter[], srv: TemplateSrv, scopedVars: ScopedVars): Filter[] {
  return filters.map((f): Filter => {
    const values = Array.isArray(f.value) ? f.value : f.value === undefined ? [] : [f.value];
    const expanded: Array<string | number | boolean> = values.flatMap((v): Array<string | number | boolean> =>
      typeof v === 'string' ? expand(v, srv, scopedVars) : [v]
    );
    if (expanded.length === values.length && expanded.every((v, i) => v === values[i])) {
      return f;
    }
    if (MULTI_VALUE_OPS.has(f.op)) {
      return { ...f, value: expanded };
    }
    if (expanded.length === 1) {
      return { ...f, value: expanded[0] };
    }
    if (f.op === '=' || f.op === '!=') {
      return { ...f, op: f.op === '=' ? 'in' : 'not_in', value: expanded };
    }
    return { ...f, value: expanded.join(',') };
  });
}

function expand(v: string, srv: TemplateSrv, scopedVars: ScopedVars): string[] {
  if (!srv.containsTemplate(v)) {
    return [v];
  }
  const json = srv.replace(v, scopedVars, (val: string | string[]) => JSON.stringify(Array.isArray(val) ? val : [val]));
  try {
    const parsed: unknown = JSON.parse(json);
    if (Array.isArray(parsed)) {
      return parsed.map(String);
    }
  } catch {
    // the value mixes text and variables ("prefix-$var"): plain replacement
  }
  return [srv.replace(v, scopedVars)];
}
