/** /api/folders… and /api/dashboards…, per Grafana's folder and dashboard docs. */
import { checkBody, ContractViolation } from './contract.ts';
import { fail, ok, type FakeRoute } from './router.ts';
import { newId } from './state.ts';

export function dashboardRoutes(): FakeRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/api\/folders$/,
      scope: 'org',
      handle: (r) => ok([...r.org.folders.values()].map((f) => ({ id: f.id, uid: f.uid, title: f.title }))),
    },
    {
      method: 'GET',
      path: /^\/api\/folders\/([^/]+)$/,
      scope: 'org',
      handle: (r) => {
        const f = r.org.folders.get(decodeURIComponent(r.params[0]!));
        return f ? ok({ ...f, url: `/dashboards/f/${f.uid}/` }) : fail(404, 'folder not found');
      },
    },
    {
      method: 'POST',
      path: /^\/api\/folders$/,
      scope: 'org',
      handle: (r) => {
        const b = checkBody(r.body, { title: 'string', 'uid?': 'string', 'parentUid?': 'string' }, 'POST /api/folders');
        if (b.uid && b.uid.length > 40) throw new ContractViolation('folder uid is longer than 40 characters');
        if (b.uid && r.org.folders.has(b.uid)) return fail(409, 'a folder with the same uid already exists');
        if ([...r.org.folders.values()].some((f) => f.title === b.title)) return fail(409, 'a folder with the same name already exists');
        const f = { id: newId(), uid: b.uid ?? `f${newId()}`, title: b.title, version: 1 };
        r.org.folders.set(f.uid, f);
        return ok({ ...f, url: `/dashboards/f/${f.uid}/` });
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/folders\/([^/]+)$/,
      scope: 'org',
      handle: (r) => {
        const f = r.org.folders.get(decodeURIComponent(r.params[0]!));
        if (!f) return fail(404, 'folder not found');
        const b = checkBody(r.body, { title: 'string', 'version?': 'integer', 'overwrite?': 'boolean' }, 'PUT /api/folders/:uid');
        if (!b.overwrite && b.version !== f.version) return fail(412, 'the folder has been changed by someone else');
        Object.assign(f, { title: b.title, version: f.version + 1 });
        return ok({ ...f });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/dashboards\/uid\/([^/]+)$/,
      scope: 'org',
      handle: (r) => {
        const d = r.org.dashboards.get(decodeURIComponent(r.params[0]!));
        if (!d) return fail(404, 'Dashboard not found');
        return ok({ dashboard: { ...d.model, id: d.id, version: d.version }, meta: { folderUid: d.folderUid, provisioned: d.provisioned, version: d.version } });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/search$/,
      scope: 'org',
      handle: (r) => {
        const known = new Set(['type', 'folderUIDs', 'tag', 'query', 'limit', 'page']);
        const unknown = [...r.query.keys()].filter((k) => !known.has(k));
        if (unknown.length) throw new ContractViolation(`GET /api/search: unknown parameters ${unknown.join(', ')}`);
        if (r.query.get('type') === 'dash-folder') return ok([]);
        const folders = r.query.getAll('folderUIDs').flatMap((f) => f.split(','));
        const tags = r.query.getAll('tag');
        const hits = [...r.org.dashboards.entries()].filter(([, d]) => {
          const dTags = (d.model.tags as string[] | undefined) ?? [];
          return (folders.length === 0 || folders.includes(d.folderUid)) && tags.every((t) => dTags.includes(t));
        });
        return ok(hits.map(([uid, d]) => ({ id: d.id, uid, title: d.model.title, url: `/d/${uid}/`, type: 'dash-db', tags: d.model.tags ?? [], folderUid: d.folderUid })));
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/dashboards\/uid\/([^/]+)$/,
      scope: 'org',
      handle: (r) => {
        const uid = decodeURIComponent(r.params[0]!);
        const d = r.org.dashboards.get(uid);
        if (!d) return fail(404, 'Dashboard not found');
        if (d.provisioned) return fail(400, 'Dashboard cannot be deleted because it was provisioned');
        r.org.dashboards.delete(uid);
        return ok({ title: d.model.title, message: `Dashboard ${d.model.title} deleted`, id: d.id });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/dashboards\/db$/,
      scope: 'org',
      handle: (r) => {
        const b = checkBody(r.body, { dashboard: 'object', 'folderUid?': 'string', 'overwrite?': 'boolean', 'message?': 'string', 'folderId?': 'integer' }, 'POST /api/dashboards/db');
        const model = b.dashboard as Record<string, unknown>;
        checkBody(model, { title: 'string', 'uid?': 'string', 'id?': 'integer|null' }, 'dashboard', true);
        const uid = (model.uid as string | undefined) ?? `d${newId()}`;
        if (uid.length > 40) throw new ContractViolation('dashboard uid is longer than 40 characters');
        const folderUid = b.folderUid ?? '';
        if (folderUid && !r.org.folders.has(folderUid)) return fail(400, 'folder not found');
        const existing = r.org.dashboards.get(uid);
        if (existing?.provisioned) return fail(400, 'Cannot save provisioned dashboard');
        if (existing && !b.overwrite) return { status: 412, body: { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' } };
        const sameTitle = [...r.org.dashboards.entries()].find(([u, d]) => u !== uid && d.folderUid === folderUid && d.model.title === model.title);
        if (sameTitle && !b.overwrite) return { status: 412, body: { message: 'A dashboard with the same name in the folder already exists', status: 'name-exists' } };
        const { id: _id, version: _v, ...rest } = model;
        const saved = { model: { ...rest, uid }, folderUid, version: (existing?.version ?? 0) + 1, id: existing?.id ?? newId(), provisioned: false };
        r.org.dashboards.set(uid, saved);
        return ok({ id: saved.id, uid, url: `/d/${uid}/`, status: 'success', version: saved.version, slug: uid });
      },
    },
  ];
}
