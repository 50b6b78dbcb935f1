/**
 * The Semantest folder (fixed uid) and the dashboards in it. Dashboards are
 * saved with POST /api/dashboards/db and overwrite=true under their own
 * stable uid, so a re-run updates in place; an unchanged dashboard is not
 * saved again (its version stays). Dashboards Grafana loaded from files
 * (meta.provisioned) are left to the files.
 */
import { FOLDER } from '../desired/constants.ts';
import { GrafanaError } from '../api/grafana-error.ts';
import type { DashboardModel } from '../desired/dashboard-source.ts';
import type { Outcome, StepContext } from './context.ts';

/**
 * Returns the uid of the folder to use: ours, or, when Grafana refuses ours
 * because a folder with the same title exists (e.g. one Grafana's file
 * provisioning made for alert rules, which name folders by title), that one.
 */
export async function ensureFolder(ctx: StepContext): Promise<{ outcome: Outcome; uid: string }> {
  const { grafana, orgId } = ctx;
  const have = await grafana.get<{ uid: string; title: string; version: number }>(`/api/folders/${FOLDER.uid}`, { orgId, allow: [404] });
  let outcome: Outcome;
  let uid: string = FOLDER.uid;
  if (!have) {
    const created = await grafana.post('/api/folders', { uid: FOLDER.uid, title: FOLDER.title }, { orgId, allow: [409] });
    if (created) outcome = 'created';
    else {
      const all = (await grafana.get<Array<{ uid: string; title: string }>>('/api/folders', { orgId })) ?? [];
      const same = all.find((f) => f.title === FOLDER.title);
      if (!same) throw new GrafanaError('GRAFANA_CONFLICT', `org ${orgId} refused folder uid "${FOLDER.uid}" and has no folder titled "${FOLDER.title}"`);
      uid = same.uid;
      outcome = 'kept';
    }
  } else if (have.title !== FOLDER.title) {
    await grafana.put(`/api/folders/${FOLDER.uid}`, { title: FOLDER.title, version: have.version, overwrite: true }, { orgId });
    outcome = 'updated';
  } else {
    outcome = 'unchanged';
  }
  ctx.progress('folder', outcome, `${FOLDER.title} (uid ${uid})`);
  return { outcome, uid };
}

const comparable = (d: Record<string, unknown>) => {
  const { id: _id, version: _version, ...rest } = d;
  return JSON.stringify(rest, Object.keys(flatKeys(rest)).sort());
};

/** All keys at any depth, so JSON.stringify's replacer list keeps nested fields and sorts them. */
function flatKeys(v: unknown, acc: Record<string, true> = {}): Record<string, true> {
  if (Array.isArray(v)) v.forEach((x) => flatKeys(x, acc));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      acc[k] = true;
      flatKeys(x, acc);
    }
  }
  return acc;
}

export async function ensureDashboards(ctx: StepContext, dashboards: DashboardModel[], folderUid: string): Promise<Record<string, Outcome>> {
  const { grafana, orgId } = ctx;
  const out: Record<string, Outcome> = {};
  for (const d of dashboards) {
    const have = await grafana.get<{ dashboard: Record<string, unknown>; meta: { provisioned?: boolean; folderUid?: string } }>(
      `/api/dashboards/uid/${encodeURIComponent(d.uid)}`,
      { orgId, allow: [404] },
    );
    if (have?.meta.provisioned) {
      out[d.uid] = 'kept';
    } else if (have && have.meta.folderUid === folderUid && comparable(have.dashboard) === comparable(d)) {
      out[d.uid] = 'unchanged';
    } else {
      await grafana.post(
        '/api/dashboards/db',
        { dashboard: { ...d, id: null }, folderUid, overwrite: true, message: 'semantest tenant provision' },
        { orgId },
      );
      out[d.uid] = have ? 'updated' : 'created';
    }
    ctx.progress(`dashboard ${d.uid}`, out[d.uid]!, d.title);
  }
  if (dashboards.length === 0) ctx.progress('dashboards', 'skipped', 'no dashboard definitions found');
  return out;
}
