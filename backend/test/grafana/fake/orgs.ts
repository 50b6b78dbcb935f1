/** /api/orgs… and /api/user, /api/org, as Grafana's organization API documents them. */
import { checkBody, oneOf } from './contract.ts';
import { fail, ok, type FakeRoute } from './router.ts';
import { newOrg, type OrgState } from './state.ts';

export function orgRoutes(orgs: Map<number, OrgState>, users: Set<string>, nextOrgId: () => number): FakeRoute[] {
  const byName = (name: string) => [...orgs.values()].find((o) => o.name.toLowerCase() === name.toLowerCase());
  const orgDto = (o: OrgState) => ({ id: o.id, name: o.name, address: { address1: '', address2: '', city: '', zipCode: '', state: '', country: '' } });
  return [
    { method: 'GET', path: /^\/api\/user$/, scope: 'user', handle: (r) => ok({ id: 1, login: r.login, email: `${r.login}@localhost`, isGrafanaAdmin: true, orgId: 1 }) },
    { method: 'GET', path: /^\/api\/org$/, scope: 'org', handle: (r) => ok({ id: r.org.id, name: r.org.name }) },
    { method: 'GET', path: /^\/api\/orgs$/, scope: 'server', handle: () => ok([...orgs.values()].map((o) => ({ id: o.id, name: o.name }))) },
    {
      method: 'POST',
      path: /^\/api\/orgs$/,
      scope: 'server',
      handle: (r) => {
        const b = checkBody(r.body, { name: 'string' }, 'POST /api/orgs');
        if (!b.name.trim()) return fail(400, 'Organization name is required');
        if (byName(b.name)) return fail(409, 'Organization name taken');
        const id = nextOrgId();
        orgs.set(id, newOrg(id, b.name, r.login));
        return ok({ message: 'Organization created', orgId: id });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/orgs\/name\/([^/]+)$/,
      scope: 'server',
      handle: (r) => {
        const o = byName(decodeURIComponent(r.params[0]!));
        return o ? ok(orgDto(o)) : fail(404, 'Organization not found');
      },
    },
    {
      method: 'GET',
      path: /^\/api\/orgs\/(\d+)$/,
      scope: 'server',
      handle: (r) => {
        const o = orgs.get(Number(r.params[0]));
        return o ? ok(orgDto(o)) : fail(404, 'Organization not found');
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/orgs\/(\d+)$/,
      scope: 'server',
      handle: (r) => (orgs.delete(Number(r.params[0])) ? ok({ message: 'Organization deleted' }) : fail(404, 'Failed to delete organization. ID not found')),
    },
    {
      method: 'POST',
      path: /^\/api\/orgs\/(\d+)\/users$/,
      scope: 'server',
      handle: (r) => {
        const o = orgs.get(Number(r.params[0]));
        if (!o) return fail(404, 'Organization not found');
        const b = checkBody(r.body, { loginOrEmail: 'string', role: 'string' }, 'POST /api/orgs/:orgId/users');
        oneOf(b.role, ['Viewer', 'Editor', 'Admin', 'None'], 'role');
        if (!users.has(b.loginOrEmail)) return fail(404, 'User not found');
        if (o.members.has(b.loginOrEmail)) return fail(409, 'User is already member of this organization');
        o.members.set(b.loginOrEmail, b.role);
        return ok({ message: 'User added to organization', userId: 1 });
      },
    },
  ];
}
