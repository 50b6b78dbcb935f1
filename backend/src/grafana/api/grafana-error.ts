/**
 * A failed Grafana call, with a stable code the CLI prints and tests branch
 * on. The message names the call and what to do; it never contains the
 * credentials (they travel only in the Authorization header).
 */
export type GrafanaErrorCode =
  | 'GRAFANA_UNREACHABLE'
  | 'GRAFANA_AUTH_FAILED'
  | 'GRAFANA_FORBIDDEN'
  | 'GRAFANA_NOT_FOUND'
  | 'GRAFANA_CONFLICT'
  | 'GRAFANA_REJECTED'
  | 'GRAFANA_ERROR';

export class GrafanaError extends Error {
  override name = 'GrafanaError';
  constructor(
    readonly code: GrafanaErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function errorForStatus(status: number, call: string, grafanaMessage: string): GrafanaError {
  const said = grafanaMessage ? `: ${grafanaMessage}` : '';
  if (status === 401) {
    return new GrafanaError('GRAFANA_AUTH_FAILED', `Grafana refused the credentials for ${call} (401${said}); check --grafana-user/--grafana-password or --grafana-token`, status);
  }
  if (status === 403) {
    return new GrafanaError('GRAFANA_FORBIDDEN', `Grafana forbids ${call} (403${said}); provisioning organizations needs a Grafana server administrator`, status);
  }
  if (status === 404) return new GrafanaError('GRAFANA_NOT_FOUND', `${call}: not found (404${said})`, status);
  if (status === 409 || status === 412) return new GrafanaError('GRAFANA_CONFLICT', `${call}: conflict (${status}${said})`, status);
  if (status >= 400 && status < 500) return new GrafanaError('GRAFANA_REJECTED', `${call}: Grafana rejected the request (${status}${said})`, status);
  return new GrafanaError('GRAFANA_ERROR', `${call}: Grafana answered ${status}${said}`, status);
}
