/**
 * A BackendSrv double installed through @grafana/runtime's own setter: routes answer by
 * "METHOD path" (path relative to the datasource's resources, else the full URL), errors reject the way Grafana's
 * fetch does (a FetchError-like object with status and the response body in `data`).
 */
import { of, throwError } from 'rxjs';
import { setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';

export const DS_UID = 'semantest-ds';
const RESOURCES = `api/datasources/uid/${DS_UID}/resources/`;

export class HttpFailure {
  constructor(
    readonly status: number,
    readonly data: unknown
  ) {}
}

export type Answer = unknown | HttpFailure | ((req: BackendSrvRequest) => unknown);

export function installBackendSrv(routes: Record<string, Answer>): BackendSrvRequest[] {
  const calls: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      calls.push(req);
      const path = req.url.startsWith(RESOURCES) ? req.url.slice(RESOURCES.length) : req.url;
      const key = `${req.method ?? 'GET'} ${path}`;
      if (!(key in routes)) {
        return throwError(() => ({
          status: 404,
          data: { code: 'RESOURCE_NOT_FOUND', detail: `no test route for ${key}` },
        }));
      }
      const route = routes[key];
      const answer = typeof route === 'function' ? (route as (r: BackendSrvRequest) => unknown)(req) : route;
      if (answer instanceof HttpFailure) {
        return throwError(() => ({ status: answer.status, data: answer.data, statusText: '' }));
      }
      return of({
        data: answer,
        status: 200,
        ok: true,
        headers: new Headers(),
        redirected: false,
        statusText: 'OK',
        type: 'basic',
        url: req.url,
        config: req,
      });
    },
  } as unknown as BackendSrv);
  return calls;
}
