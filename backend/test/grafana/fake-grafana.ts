/**
 * A fake Grafana for the provisioning tests: a real node:http server that
 * answers the calls the provisioner makes the way Grafana's HTTP API docs
 * say (paths, methods, status codes, bodies), keeps state per organization,
 * and checks every request: credentials (basic auth of the admin, or a
 * service-account token bound to one org), X-Grafana-Org-Id on org-scoped
 * calls, JSON content type, body fields and types. Anything it does not
 * know, or a body that breaks the contract, is recorded in `violations`;
 * tests assert that list is empty, so an unexpected request fails the test.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractViolation } from './fake/contract.ts';
import { fail, type FakeResponse, type FakeRoute } from './fake/router.ts';
import { newOrg, type OrgState } from './fake/state.ts';
import { orgRoutes } from './fake/orgs.ts';
import { datasourceRoutes } from './fake/datasources.ts';
import { dashboardRoutes } from './fake/dashboards.ts';
import { alertingRoutes } from './fake/alerting.ts';

export interface FakeGrafanaOptions {
  admin?: { user: string; password: string };
  /** Service-account tokens → the org each belongs to. */
  tokens?: Record<string, number>;
}

export interface FakeGrafana {
  url: string;
  orgs: Map<number, OrgState>;
  /** Every request, in order: "METHOD /path [org N] → status". */
  log: string[];
  violations: string[];
  /** The next request with this method and path answers 500 (a Grafana failing half way). */
  failNext(method: string, path: string): void;
  close(): Promise<void>;
}

export async function startFakeGrafana(opts: FakeGrafanaOptions = {}): Promise<FakeGrafana> {
  const admin = opts.admin ?? { user: 'admin', password: 'admin' };
  const tokens = opts.tokens ?? {};
  const orgs = new Map<number, OrgState>([[1, newOrg(1, 'Main Org.', admin.user)]]);
  let lastOrgId = 1;
  const routes: FakeRoute[] = [
    ...orgRoutes(orgs, new Set([admin.user]), () => ++lastOrgId),
    ...datasourceRoutes(),
    ...dashboardRoutes(),
    ...alertingRoutes(),
  ];
  const log: string[] = [];
  const violations: string[] = [];
  const failures = new Set<string>();

  async function answer(req: IncomingMessage): Promise<FakeResponse & { org?: number }> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const match = routes.map((r) => ({ r, m: r.method === method ? r.path.exec(url.pathname) : null })).find((x) => x.m);
    if (!match) {
      violations.push(`unexpected request ${method} ${url.pathname}`);
      return fail(404, 'Not found');
    }
    if (failures.delete(`${method} ${url.pathname}`)) return fail(500, 'injected failure');
    const caller = authenticate(req.headers.authorization);
    if (!caller) return fail(401, 'Invalid username or password');

    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) violations.push(`${method} ${url.pathname}: body without Content-Type: application/json`);
      try {
        body = JSON.parse(raw);
      } catch {
        violations.push(`${method} ${url.pathname}: body is not JSON`);
        return fail(400, 'bad request data');
      }
    } else if (method === 'POST' || method === 'PUT') {
      violations.push(`${method} ${url.pathname}: no body`);
      return fail(400, 'bad request data');
    }

    const header = req.headers['x-grafana-org-id'];
    let orgId: number | undefined = header === undefined ? undefined : Number(header);
    const { r, m } = match;
    if (r.scope === 'server' && caller.kind === 'token') return fail(403, 'You\'ll need additional permissions to perform this action. Permissions needed: orgs:create');
    if (r.scope === 'org') {
      if (caller.kind === 'token') {
        if (orgId !== undefined && orgId !== caller.orgId) return fail(401, 'the token belongs to another organization');
        orgId = caller.orgId;
      } else if (orgId === undefined) {
        violations.push(`${method} ${url.pathname}: org-scoped call without X-Grafana-Org-Id`);
        orgId = 1;
      }
    }
    const org = orgId === undefined ? undefined : orgs.get(orgId);
    if (r.scope === 'org') {
      if (!org) return fail(401, `organization ${orgId} not found`);
      if (caller.kind === 'basic' && !org.members.has(caller.login)) return fail(401, `user ${caller.login} is not a member of organization ${orgId}`);
    }
    try {
      const res = r.handle({ method, params: m!.slice(1), query: url.searchParams, body, headers: req.headers, org: org!, login: caller.kind === 'basic' ? caller.login : 'sa-token' });
      return { ...res, org: orgId };
    } catch (err) {
      if (!(err instanceof ContractViolation)) throw err;
      violations.push(`${method} ${url.pathname}: ${err.message}`);
      return fail(err.status, err.message);
    }
  }

  function authenticate(h: string | undefined): { kind: 'basic'; login: string } | { kind: 'token'; orgId: number } | null {
    const basic = /^Basic (.+)$/.exec(h ?? '');
    if (basic) {
      const [user, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      return user === admin.user && rest.join(':') === admin.password ? { kind: 'basic', login: user } : null;
    }
    const bearer = /^Bearer (.+)$/.exec(h ?? '');
    if (bearer && tokens[bearer[1]!] !== undefined) return { kind: 'token', orgId: tokens[bearer[1]!]! };
    return null;
  }

  const server: Server = createServer((req, res) => {
    answer(req)
      .then(({ status, body, org }) => {
        log.push(`${req.method} ${new URL(req.url ?? '/', 'http://fake').pathname}${org !== undefined ? ` [org ${org}]` : ''} → ${status}`);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === null ? '' : JSON.stringify(body));
      })
      .catch((err: Error) => {
        violations.push(`fake crashed on ${req.method} ${req.url}: ${err.stack}`);
        res.writeHead(500).end('{"message":"internal"}');
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    orgs,
    log,
    violations,
    failNext: (method, path) => failures.add(`${method} ${path}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
