/** The fake's routing table: method + path pattern → handler, server- or org-scoped. */
import type { OrgState } from './state.ts';

export interface FakeRequest {
  method: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Set for org-scoped routes: the org named by X-Grafana-Org-Id. */
  org: OrgState;
  login: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
}

export interface FakeRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  /** org: needs X-Grafana-Org-Id and membership; server: needs a server admin. */
  scope: 'org' | 'server' | 'user';
  handle(req: FakeRequest): FakeResponse;
}

export const ok = (body: unknown, status = 200): FakeResponse => ({ status, body });
export const fail = (status: number, message: string): FakeResponse => ({ status, body: { message } });
