/**
 * Alerting through the provisioning API, from the same definitions Grafana
 * reads from provisioning/alerting (desired/alerting-files.ts):
 * - contact points by uid (create, or update when they differ);
 * - the notification policy tree: our routes are put under the org's root,
 *   replacing earlier copies of themselves (matched by their matchers), the
 *   rest of the tree untouched; sent with X-Disable-Provenance so the
 *   tenant's admins can still edit their policies in the UI;
 * - alert rules by uid (create, or update when they differ).
 * Objects with provenance "file" belong to provisioning files and are kept.
 */
import type { AlertingDefinition, ApiContactPoint, Route } from '../desired/alerting-files.ts';
import { containsAll, type Outcome, type StepContext } from './context.ts';

type WithProvenance<T> = T & { provenance?: string };

export async function ensureContactPoints(ctx: StepContext, def: AlertingDefinition): Promise<Record<string, Outcome>> {
  const { grafana, orgId } = ctx;
  const have = (await grafana.get<Array<WithProvenance<ApiContactPoint>>>('/api/v1/provisioning/contact-points', { orgId })) ?? [];
  const out: Record<string, Outcome> = {};
  for (const cp of def.contactPoints) {
    const current = have.find((h) => h.uid === cp.uid);
    if (current?.provenance === 'file') out[cp.uid] = 'kept';
    else if (!current) {
      await grafana.post('/api/v1/provisioning/contact-points', cp, { orgId });
      out[cp.uid] = 'created';
    } else if (!containsAll(current, cp)) {
      await grafana.put(`/api/v1/provisioning/contact-points/${encodeURIComponent(cp.uid)}`, cp, { orgId });
      out[cp.uid] = 'updated';
    } else out[cp.uid] = 'unchanged';
    ctx.progress(`contact point ${cp.uid}`, out[cp.uid]!, cp.name);
  }
  return out;
}

const matcherKey = (r: Route) => JSON.stringify(r.object_matchers ?? []);

export async function ensurePolicies(ctx: StepContext, def: AlertingDefinition): Promise<Outcome> {
  const { grafana, orgId } = ctx;
  const tree = (await grafana.get<WithProvenance<Route>>('/api/v1/provisioning/policies', { orgId }))!;
  let outcome: Outcome;
  if (tree.provenance === 'file') outcome = 'kept';
  else {
    const ours = new Set(def.routes.map(matcherKey));
    const { provenance: _p, ...root } = tree;
    const others = (root.routes ?? []).filter((r) => !ours.has(matcherKey(r)));
    const desired: Route = { ...root, routes: [...others, ...def.routes] };
    if (containsAll(root, desired) && (root.routes ?? []).length === desired.routes!.length) outcome = 'unchanged';
    else {
      await grafana.put('/api/v1/provisioning/policies', desired, { orgId, headers: { 'x-disable-provenance': 'true' } });
      outcome = 'updated';
    }
  }
  ctx.progress('notification policies', outcome, `${def.routes.length} Semantest route(s)`);
  return outcome;
}

export async function ensureAlertRules(ctx: StepContext, def: AlertingDefinition, folderUid: string): Promise<Record<string, Outcome>> {
  const { grafana, orgId } = ctx;
  const out: Record<string, Outcome> = {};
  for (const rule of def.rules(orgId, folderUid)) {
    const path = `/api/v1/provisioning/alert-rules/${encodeURIComponent(rule.uid)}`;
    const have = await grafana.get<WithProvenance<Record<string, unknown>>>(path, { orgId, allow: [404] });
    if (have?.provenance === 'file') out[rule.uid] = 'kept';
    else if (!have) {
      await grafana.post('/api/v1/provisioning/alert-rules', rule, { orgId });
      out[rule.uid] = 'created';
    } else if (!containsAll(have, rule)) {
      await grafana.put(path, rule, { orgId });
      out[rule.uid] = 'updated';
    } else out[rule.uid] = 'unchanged';
    ctx.progress(`alert rule ${rule.uid}`, out[rule.uid]!, rule.title);
  }
  return out;
}
