/**
 * Removes what an earlier run created and the current definitions no longer
 * have, so re-running after a dashboard or rule was dropped converges too.
 * Only our own objects go: dashboards in our folder carrying the `semantest`
 * tag (not file-provisioned), and rules in our rule groups with provenance
 * "api". A dashboard a tenant saved in the folder without the tag stays.
 */
import type { ApiAlertRule } from '../desired/alerting-files.ts';
import type { StepContext } from './context.ts';

export const OWNED_TAG = 'semantest';

export async function pruneDashboards(ctx: StepContext, folderUid: string, keep: Set<string>): Promise<string[]> {
  const { grafana, orgId } = ctx;
  const q = new URLSearchParams({ type: 'dash-db', folderUIDs: folderUid, tag: OWNED_TAG });
  const found = (await grafana.get<Array<{ uid: string; title: string }>>(`/api/search?${q}`, { orgId })) ?? [];
  const removed: string[] = [];
  for (const d of found) {
    if (keep.has(d.uid)) continue;
    const full = await grafana.get<{ meta: { provisioned?: boolean } }>(`/api/dashboards/uid/${encodeURIComponent(d.uid)}`, { orgId, allow: [404] });
    if (!full || full.meta.provisioned) continue;
    await grafana.delete(`/api/dashboards/uid/${encodeURIComponent(d.uid)}`, { orgId, allow: [404] });
    removed.push(d.uid);
    ctx.progress(`dashboard ${d.uid}`, 'deleted', `${d.title} (no longer defined)`);
  }
  return removed;
}

export async function pruneAlertRules(ctx: StepContext, folderUid: string, desired: ApiAlertRule[]): Promise<string[]> {
  const { grafana, orgId } = ctx;
  const keep = new Set(desired.map((r) => r.uid));
  const removed: string[] = [];
  for (const group of new Set(desired.map((r) => r.ruleGroup))) {
    const path = `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
    const g = await grafana.get<{ rules: Array<{ uid: string; title: string; provenance?: string }> }>(path, { orgId, allow: [404] });
    for (const r of g?.rules ?? []) {
      if (keep.has(r.uid) || r.provenance !== 'api') continue;
      await grafana.delete(`/api/v1/provisioning/alert-rules/${encodeURIComponent(r.uid)}`, { orgId, allow: [404] });
      removed.push(r.uid);
      ctx.progress(`alert rule ${r.uid}`, 'deleted', `${r.title} (no longer defined)`);
    }
  }
  return removed;
}
