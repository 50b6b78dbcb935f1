/**
 * A thin client for Grafana's HTTP API: base URL, credentials, JSON bodies,
 * and the organization a call acts in (X-Grafana-Org-Id; without it Grafana
 * uses the caller's current org, which is how a tenant's objects would land
 * in the wrong org). Knows no Grafana resources; those live in ../steps.
 */
import { GrafanaError, errorForStatus } from './grafana-error.ts';

export type GrafanaAuth = { kind: 'basic'; user: string; password: string } | { kind: 'token'; token: string };

export interface CallOptions {
  orgId?: number;
  body?: unknown;
  /** Statuses answered as `null` instead of thrown (e.g. 404 on a lookup). */
  allow?: readonly number[];
  headers?: Record<string, string>;
}

export class GrafanaClient {
  readonly #authorization: string;

  constructor(
    readonly baseUrl: string,
    readonly auth: GrafanaAuth,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.#authorization =
      auth.kind === 'basic' ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}` : `Bearer ${auth.token}`;
  }

  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: CallOptions = {}): Promise<T | null> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: this.#authorization, ...opts.headers };
    if (opts.orgId !== undefined) headers['x-grafana-org-id'] = String(opts.orgId);
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(path.replace(/^\//, ''), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const call = `${method} ${url.pathname}${opts.orgId !== undefined ? ` (org ${opts.orgId})` : ''}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new GrafanaError('GRAFANA_UNREACHABLE', `cannot reach Grafana at ${this.baseUrl} (${cause}); check --grafana-url`);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null; // Grafana answers some errors in plain text; the status decides
    }
    if (res.ok) return parsed as T;
    if (opts.allow?.includes(res.status)) return null;
    const message = (parsed as { message?: unknown } | null)?.message;
    throw errorForStatus(res.status, call, typeof message === 'string' ? message.slice(0, 300) : text.slice(0, 200));
  }

  get<T>(path: string, opts?: CallOptions) {
    return this.call<T>('GET', path, opts);
  }
  post<T>(path: string, body: unknown, opts?: CallOptions) {
    return this.call<T>('POST', path, { ...opts, body });
  }
  put<T>(path: string, body: unknown, opts?: CallOptions) {
    return this.call<T>('PUT', path, { ...opts, body });
  }
  delete<T>(path: string, opts?: CallOptions) {
    return this.call<T>('DELETE', path, opts);
  }
}
