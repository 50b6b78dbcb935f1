/**
 * Turns whatever getBackendSrv().fetch rejected with into one typed ApiError carrying the
 * backend's problem+json `code` and `detail`. Grafana's FetchError keeps the response body in
 * `data`; network failures and non-problem bodies still get a stable code so the UI can say
 * something useful.
 */
import type { Problem } from './types';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
    readonly title?: string
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) {
    return err;
  }
  if (isObject(err) && typeof err.status === 'number') {
    const body = isObject(err.data) ? (err.data as Problem & { message?: string }) : {};
    const code = typeof body.code === 'string' ? body.code : `HTTP_${err.status}`;
    const message =
      body.detail ??
      body.message ??
      (typeof err.statusText === 'string' && err.statusText !== '' ? err.statusText : 'Request failed');
    return new ApiError(code, message, err.status, body.title);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('NETWORK_ERROR', message, null);
}
