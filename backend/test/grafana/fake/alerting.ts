/**
 * /api/v1/provisioning/{alert-rules,contact-points,policies}, per Grafana's
 * alerting provisioning HTTP API. Resources written here get provenance
 * "api" unless X-Disable-Provenance is sent; resources with provenance
 * "file" cannot be changed over the API.
 */
import { checkBody, ContractViolation, DURATION, oneOf } from './contract.ts';
import { fail, ok, type FakeRequest, type FakeRoute } from './router.ts';
import type { OrgState, Provenance } from './state.ts';

const RULE = {
  'uid?': 'string', 'id?': 'integer', orgID: 'integer', folderUID: 'string', ruleGroup: 'string', title: 'string', condition: 'string',
  data: 'array', noDataState: 'string', execErrState: 'string', for: 'string', 'labels?': 'object', 'annotations?': 'object',
  'isPaused?': 'boolean', 'keep_firing_for?': 'string', 'notification_settings?': 'object|null', 'record?': 'object|null',
};
const CONTACT_POINT = { 'uid?': 'string', name: 'string', type: 'string', settings: 'object', 'disableResolveMessage?': 'boolean' };

const provenanceOf = (r: FakeRequest): Provenance => (r.headers['x-disable-provenance'] ? '' : 'api');
const withProvenance = <T extends object>(x: T, p: Provenance) => (p ? { ...x, provenance: p } : x);

function checkRule(org: OrgState, body: unknown, what: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const b = checkBody(body, RULE, what);
  if (b.orgID !== org.id) throw new ContractViolation(`${what}: orgID ${b.orgID} is not the org of the request (${org.id})`);
  if (!org.folders.has(b.folderUID)) throw new ContractViolation(`${what}: folder ${b.folderUID} does not exist in org ${org.id}`);
  if (!b.title || b.title.length > 190) throw new ContractViolation(`${what}: title must be 1–190 characters`);
  oneOf(b.noDataState, ['Alerting', 'NoData', 'OK'], 'noDataState');
  oneOf(b.execErrState, ['OK', 'Alerting', 'Error'], 'execErrState');
  if (!DURATION.test(b.for)) throw new ContractViolation(`${what}: "for" must be a duration such as 5m`);
  const refIds = new Set<string>();
  for (const q of b.data as unknown[]) {
    const d = checkBody(q, { refId: 'string', 'queryType?': 'string', relativeTimeRange: 'object', datasourceUid: 'string', model: 'object' }, `${what} data[]`);
    checkBody(d.relativeTimeRange, { from: 'integer', to: 'integer' }, 'relativeTimeRange');
    if (d.datasourceUid !== '__expr__' && !org.datasources.has(d.datasourceUid)) {
      throw new ContractViolation(`${what}: data source ${d.datasourceUid} not found in org ${org.id}`);
    }
    refIds.add(d.refId);
  }
  if (!refIds.has(b.condition)) throw new ContractViolation(`${what}: condition ${b.condition} names no query`);
  return b;
}

function receivers(tree: Record<string, unknown>): string[] {
  const routes = (tree.routes as Array<Record<string, unknown>> | undefined) ?? [];
  return [tree.receiver as string, ...routes.flatMap(receivers)].filter(Boolean);
}

export function alertingRoutes(): FakeRoute[] {
  const base = '\\/api\\/v1\\/provisioning';
  return [
    {
      method: 'GET',
      path: new RegExp(`^${base}\\/alert-rules\\/([^/]+)$`),
      scope: 'org',
      handle: (r) => {
        const x = r.org.rules.get(decodeURIComponent(r.params[0]!));
        return x ? ok(withProvenance(x.rule, x.provenance)) : { status: 404, body: null };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${base}\\/alert-rules$`),
      scope: 'org',
      handle: (r) => {
        const b = checkRule(r.org, r.body, 'POST alert-rules');
        if (b.uid && r.org.rules.has(b.uid)) return fail(409, 'an alert rule with this uid already exists');
        const rule = { ...b, uid: b.uid ?? `r${r.org.rules.size + 1}`, id: r.org.rules.size + 1, updated: new Date().toISOString() };
        r.org.rules.set(rule.uid, { rule, provenance: provenanceOf(r) });
        return ok(withProvenance(rule, provenanceOf(r)), 201);
      },
    },
    {
      method: 'PUT',
      path: new RegExp(`^${base}\\/alert-rules\\/([^/]+)$`),
      scope: 'org',
      handle: (r) => {
        const uid = decodeURIComponent(r.params[0]!);
        const x = r.org.rules.get(uid);
        if (!x) return { status: 404, body: null };
        const b = checkRule(r.org, r.body, 'PUT alert-rules/:uid');
        if (x.provenance === 'file') return fail(400, 'cannot change provenance from file to api');
        x.rule = { ...b, uid, id: x.rule.id, updated: new Date().toISOString() };
        x.provenance = provenanceOf(r);
        return ok(withProvenance(x.rule, x.provenance));
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${base}\\/alert-rules\\/([^/]+)$`),
      scope: 'org',
      handle: (r) => {
        const uid = decodeURIComponent(r.params[0]!);
        const x = r.org.rules.get(uid);
        if (x?.provenance === 'file') return fail(400, 'cannot delete a rule provisioned from a file');
        r.org.rules.delete(uid);
        return { status: 204, body: null };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${base}\\/folder\\/([^/]+)\\/rule-groups\\/([^/]+)$`),
      scope: 'org',
      handle: (r) => {
        const [folderUid, group] = r.params.map(decodeURIComponent);
        const rules = [...r.org.rules.values()].filter((x) => x.rule.folderUID === folderUid && x.rule.ruleGroup === group);
        if (rules.length === 0) return fail(404, 'rule group not found');
        return ok({ title: group, folderUid, interval: 60, rules: rules.map((x) => withProvenance(x.rule, x.provenance)) });
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${base}\\/contact-points$`),
      scope: 'org',
      handle: (r) => {
        const name = r.query.get('name');
        const list = [...r.org.contactPoints.values()].filter((x) => !name || x.cp.name === name);
        return ok(list.map((x) => withProvenance(x.cp, x.provenance)));
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${base}\\/contact-points$`),
      scope: 'org',
      handle: (r) => {
        const b = checkBody(r.body, CONTACT_POINT, 'POST contact-points');
        if (b.type === 'email' && typeof b.settings.addresses !== 'string') throw new ContractViolation('email contact points need settings.addresses');
        if (b.uid && r.org.contactPoints.has(b.uid)) return fail(409, 'a contact point with this uid already exists');
        const cp = { ...b, uid: b.uid ?? `cp${r.org.contactPoints.size + 1}`, disableResolveMessage: b.disableResolveMessage ?? false };
        r.org.contactPoints.set(cp.uid, { cp, provenance: provenanceOf(r) });
        return ok(withProvenance(cp, provenanceOf(r)), 202);
      },
    },
    {
      method: 'PUT',
      path: new RegExp(`^${base}\\/contact-points\\/([^/]+)$`),
      scope: 'org',
      handle: (r) => {
        const x = r.org.contactPoints.get(decodeURIComponent(r.params[0]!));
        if (!x) return fail(404, 'contact point not found');
        const b = checkBody(r.body, CONTACT_POINT, 'PUT contact-points/:uid');
        if (x.provenance === 'file') return fail(400, 'cannot change provenance from file to api');
        x.cp = { ...b, uid: x.cp.uid, disableResolveMessage: b.disableResolveMessage ?? false };
        x.provenance = provenanceOf(r);
        return ok({ message: 'contactpoint updated' }, 202);
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${base}\\/policies$`),
      scope: 'org',
      handle: (r) => ok(withProvenance(r.org.policy.tree, r.org.policy.provenance)),
    },
    {
      method: 'PUT',
      path: new RegExp(`^${base}\\/policies$`),
      scope: 'org',
      handle: (r) => {
        const b = checkBody(r.body, { receiver: 'string', 'group_by?': 'array', 'routes?': 'array', 'group_wait?': 'string', 'group_interval?': 'string', 'repeat_interval?': 'string', 'object_matchers?': 'array' }, 'PUT policies');
        if (r.org.policy.provenance === 'file') return fail(400, 'cannot change provenance from file to api');
        const names = new Set([...r.org.contactPoints.values()].map((x) => x.cp.name as string));
        const missing = receivers(b).filter((n) => !names.has(n));
        if (missing.length) return fail(400, `invalid object specification: receiver '${missing[0]}' does not exist`);
        r.org.policy = { tree: structuredClone(b), provenance: provenanceOf(r) };
        return ok({ message: 'policies updated' }, 202);
      },
    },
  ];
}
