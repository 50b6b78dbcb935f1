import { of } from 'rxjs';
import type { DataSourceInstanceSettings, ScopedVars, TypedVariableModel } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv, setTemplateSrv, type BackendSrv, type DataSourceSrv, type BackendSrvRequest, type TemplateSrv } from '@grafana/runtime';

import { DataSource } from '../datasource';
import type { SemantestOptions } from '../types';

/**
 * Test doubles installed through @grafana/runtime's own setters: DataSourceWithBackend reads its
 * singletons, so module mocks would not reach it.
 */
export type Route = (req: BackendSrvRequest) => unknown;

export function installBackendSrv(route: Route): BackendSrvRequest[] {
  const calls: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      calls.push(req);
      const data = route(req);
      return of({ data, status: 200, ok: true, headers: new Headers(), redirected: false, statusText: 'OK', type: 'basic', url: req.url, config: req });
    },
  } as unknown as BackendSrv);
  return calls;
}

/** A template service with real `$var` / `${var}` semantics for a fixed set of variables. */
export function installTemplateSrv(vars: Record<string, string | string[]>): void {
  const pattern = /\$(\w+)|\$\{(\w+)\}/g;
  const srv: Partial<TemplateSrv> = {
    getVariables: () => [] as TypedVariableModel[],
    containsTemplate: (target?: string) => !!target && Array.from(target.matchAll(pattern)).some((m) => (m[1] ?? m[2])! in vars),
    replace: (target?: string, _scoped?: ScopedVars, format?: string | Function) =>
      (target ?? '').replace(pattern, (whole, a, b) => {
        const v = vars[(a ?? b) as string];
        if (v === undefined) {
          return whole;
        }
        if (typeof format === 'function') {
          return format(v);
        }
        return Array.isArray(v) ? `{${v.join(',')}}` : v;
      }),
    updateTimeRange: () => {},
  };
  setTemplateSrv(srv as TemplateSrv);
}

export function makeDataSource(): DataSource {
  const settings = {
    id: 1,
    uid: 'sem',
    type: 'semantest-analytics-datasource',
    name: 'Semantest',
    access: 'proxy',
    readOnly: false,
    jsonData: { url: 'http://semantest:8080' },
    meta: { id: 'semantest-analytics-datasource', info: { logos: {} } },
  } as unknown as DataSourceInstanceSettings<SemantestOptions>;
  const ds = new DataSource(settings);
  setDataSourceSrv({
    getInstanceSettings: () => settings,
    get: async () => ds,
    getList: () => [settings],
    reload: () => {},
    registerRuntimeDataSource: () => {},
  } as unknown as DataSourceSrv);
  return ds;
}
