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
