/** /api/datasources… and /api/plugins/:id/settings, per Grafana's data source and plugin docs. */
import { checkBody, ContractViolation, oneOf } from './contract.ts';
import { fail, ok, type FakeRoute } from './router.ts';
import { newId, type Datasource } from './state.ts';

export const INSTALLED_PLUGINS: Record<string, 'app' | 'panel' | 'datasource'> = {
  'semantest-analytics-datasource': 'datasource',
  'semantest-analytics-app': 'app',
  'semantest-healthmatrix-panel': 'panel',
  'semantest-failureclusters-panel': 'panel',
  'semantest-runtimeline-panel': 'panel',
};

const DS_BODY = {
  name: 'string',
  type: 'string',
  access: 'string',
  'uid?': 'string',
  'url?': 'string',
  'isDefault?': 'boolean',
  'jsonData?': 'object',
  'secureJsonData?': 'object',
  'basicAuth?': 'boolean',
  'version?': 'integer',
};

/** What Grafana returns: never the secure values, only which ones are set. */
const dto = (d: Datasource) => {
  const { secureJsonData, ...rest } = d;
  return { ...rest, secureJsonFields: Object.fromEntries(Object.keys(secureJsonData).map((k) => [k, true])) };
};

function secure(b: Record<string, unknown>): Record<string, string> {
  const s = (b.secureJsonData ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) if (typeof v !== 'string') throw new ContractViolation(`secureJsonData.${k} must be a string`);
  return s as Record<string, string>;
}

export function datasourceRoutes(): FakeRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/api\/datasources\/uid\/([^/]+)$/,
      scope: 'org',
      handle: (r) => {
        const d = r.org.datasources.get(decodeURIComponent(r.params[0]!));
        return d ? ok(dto(d)) : fail(404, 'Data source not found');
      },
    },
    {
      method: 'POST',
      path: /^\/api\/datasources$/,
      scope: 'org',
      handle: (r) => {
        const b = checkBody(r.body, DS_BODY, 'POST /api/datasources');
        oneOf(b.access, ['proxy', 'direct'], 'access');
        if (INSTALLED_PLUGINS[b.type] !== 'datasource') throw new ContractViolation(`type ${b.type} is not an installed datasource plugin`);
        if (b.uid && b.uid.length > 40) throw new ContractViolation('uid is longer than 40 characters');
        const all = [...r.org.datasources.values()];
        if (all.some((d) => d.name === b.name)) return fail(409, 'data source with the same name already exists');
        if (b.uid && r.org.datasources.has(b.uid)) return fail(409, 'data source with the same uid already exists');
        const d: Datasource = {
          id: newId(), uid: b.uid ?? `gen${newId()}`, orgId: r.org.id, name: b.name, type: b.type, access: b.access, url: b.url ?? '',
          isDefault: b.isDefault ?? false, jsonData: b.jsonData ?? {}, secureJsonData: secure(b), readOnly: false, version: 1,
        };
        r.org.datasources.set(d.uid, d);
        return ok({ datasource: dto(d), id: d.id, message: 'Datasource added', name: d.name });
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/datasources\/uid\/([^/]+)$/,
      scope: 'org',
      handle: (r) => {
        const d = r.org.datasources.get(decodeURIComponent(r.params[0]!));
        if (!d) return fail(404, 'Data source not found');
        const b = checkBody(r.body, DS_BODY, 'PUT /api/datasources/uid/:uid');
        if (d.readOnly) return fail(403, 'Cannot update read-only data source');
        if (b.uid !== undefined && b.uid !== d.uid) throw new ContractViolation('PUT must not change the uid');
        // Secure fields not sent are kept (Grafana merges secureJsonData).
        Object.assign(d, { name: b.name, type: b.type, access: b.access, url: b.url ?? '', isDefault: b.isDefault ?? false, jsonData: b.jsonData ?? {} });
        d.secureJsonData = { ...d.secureJsonData, ...secure(b) };
        d.version++;
        return ok({ datasource: dto(d), id: d.id, message: 'Datasource updated', name: d.name });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/plugins\/([^/]+)\/settings$/,
      scope: 'org',
      handle: (r) => {
        const id = r.params[0]!;
        const type = INSTALLED_PLUGINS[id];
        if (!type) return fail(404, 'Plugin not found, no installed plugin with that id');
        const s = r.org.plugins.get(id);
        // Panels and datasources are available in every org; apps are off until enabled.
        return ok({ id, type, name: id, enabled: type !== 'app' || Boolean(s?.enabled), pinned: Boolean(s?.pinned), jsonData: s?.jsonData ?? null });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/plugins\/([^/]+)\/settings$/,
      scope: 'org',
      handle: (r) => {
        const id = r.params[0]!;
        if (!INSTALLED_PLUGINS[id]) return fail(404, 'Plugin not installed');
        const b = checkBody(r.body, { 'enabled?': 'boolean', 'pinned?': 'boolean', 'jsonData?': 'object|null', 'secureJsonData?': 'object' }, 'POST /api/plugins/:id/settings');
        r.org.plugins.set(id, { enabled: b.enabled ?? false, pinned: b.pinned ?? false, jsonData: b.jsonData ?? {} });
        return ok({ message: 'Plugin settings updated' });
      },
    },
  ];
}
