/**
 * The page half of "Grafana" for the live harnesses: @grafana/runtime's singletons (BackendSrv,
 * DataSourceSrv, TemplateSrv) installed through its own setters, as Grafana's app does at boot.
 * BackendSrv.fetch does real HTTP to the page's origin; the harness routes `/api/**` to the
 * grafana-standin, which runs the real plugin backend. Responses and failures keep BackendSrv's
 * shapes (FetchResponse; FetchError with status/data), because DataSourceWithBackend turns them
 * into per-query errors with toDataQueryResponse.
 */
import { Observable } from 'rxjs';
import type { DataSourceApi, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import {
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
  type BackendSrv,
  type BackendSrvRequest,
  type DataSourceSrv,
  type TemplateSrv,
} from '@grafana/runtime';

export interface RecordedRequest {
  url: string;
  method: string;
  status: number;
}

function withParams(url: string, params: unknown): string {
  if (!params || typeof params !== 'object') {
    return url;
  }
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (v !== undefined && v !== null) {
      qs.set(k, String(v));
    }
  }
  const s = qs.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

/** Installs an HTTP BackendSrv; every request is recorded (url, method, status) in `log`. */
export function installHttpBackendSrv(log: RecordedRequest[]): void {
  const fetchFn = (req: BackendSrvRequest) =>
    new Observable<any>((sub) => {
      const url = withParams(req.url, req.params);
      const method = req.method ?? 'GET';
      const init: RequestInit = { method, headers: { ...(req.headers ?? {}) } };
      if (req.data !== undefined && method !== 'GET') {
        init.body = JSON.stringify(req.data);
        (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
      }
      window
        .fetch(url, init)
        .then(async (res) => {
          log.push({ url, method, status: res.status });
          const text = await res.text();
          let data: unknown = text;
          try {
            data = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text, as BackendSrv does for non-JSON bodies
          }
          const response = { data, status: res.status, statusText: res.statusText, ok: res.ok, headers: res.headers, redirected: false, type: 'basic', url, config: req };
          if (res.ok) {
            sub.next(response);
            sub.complete();
          } else {
            sub.error({ ...response, message: (data as { message?: string })?.message ?? res.statusText });
          }
        })
        .catch((err) => sub.error(err));
    });
  setBackendSrv({ fetch: fetchFn } as unknown as BackendSrv);
}

/** One datasource instance known to the page, as Grafana's DataSourceSrv would list it. */
export function installDataSourceSrv(settings: DataSourceInstanceSettings, ds: DataSourceApi): void {
  setDataSourceSrv({
    getInstanceSettings: () => settings,
    get: async () => ds,
    getList: () => [settings],
    reload: () => {},
    registerRuntimeDataSource: () => {},
  } as unknown as DataSourceSrv);
}

/** Template service with fixed values for `$name` / `${name}` (dashboard variables). */
export function installTemplateSrv(vars: Record<string, string | string[]>): void {
  const pattern = /\$(\w+)|\$\{(\w+)(?::\w+)?\}/g;
  const srv: Partial<TemplateSrv> = {
    getVariables: () => [],
    containsTemplate: (t?: string) => !!t && [...t.matchAll(pattern)].some((m) => (m[1] ?? m[2])! in vars),
    replace: (t?: string, _s?: ScopedVars, format?: string | Function) =>
      (t ?? '').replace(pattern, (whole, a, b) => {
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
