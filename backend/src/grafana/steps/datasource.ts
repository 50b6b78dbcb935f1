/**
 * The tenant's Semantest datasource (fixed uid `semantest` in every org, so
 * dashboards and rules refer to it the same way everywhere) holding a key of
 * kind `grafana` in secureJsonData.
 *
 * Keys converge without rotating on every run: jsonData records the id (not
 * the secret) of the key the datasource holds; while that key is active it is
 * kept and secureJsonData is not re-sent (Grafana keeps omitted secure
 * fields). Otherwise a new key is created (or the given secret imported),
 * written to the datasource, and only then are older provisioned keys revoked,
 * so queries never see a window without a valid key.
 *
 * A datasource Grafana loaded from a provisioning file is read-only over the
 * API (403 on PUT): it is kept as the file defines it.
 */
import type { TenantPort } from '../semantest/tenant-port.ts';
import { DATASOURCE, KEY_ID_FIELD, PROVISIONED_KEY_NAME } from '../desired/constants.ts';
import { datasourceBody } from '../desired/datasource-body.ts';
import { GrafanaError } from '../api/grafana-error.ts';
import type { Outcome, StepContext } from './context.ts';

interface GrafanaDatasource {
  uid: string;
  name: string;
  type: string;
  access: string;
  isDefault: boolean;
  readOnly?: boolean;
  jsonData?: Record<string, unknown>;
}

export interface DatasourceResult {
  outcome: Outcome;
  keyId: string | null;
  key: Outcome;
  revokedKeyIds: string[];
}

export async function ensureDatasource(
  ctx: StepContext,
  port: TenantPort,
  opts: { slug: string; backendUrl: string; importSecret?: string },
): Promise<DatasourceResult> {
  const { grafana, orgId } = ctx;
  const path = `/api/datasources/uid/${DATASOURCE.uid}`;
  const existing = await grafana.get<GrafanaDatasource>(path, { orgId, allow: [404] });
  if (existing && existing.type !== DATASOURCE.type) {
    throw new GrafanaError('GRAFANA_CONFLICT', `org ${orgId} already has a datasource with uid "${DATASOURCE.uid}" of type ${existing.type}`);
  }
  if (existing?.readOnly) {
    // The file's key comes from its environment variable; registering the same
    // secret here (--grafana-key) is what makes it valid.
    const key = opts.importSecret ? await port.importKey(opts.slug, 'grafana', PROVISIONED_KEY_NAME, opts.importSecret) : null;
    ctx.progress('datasource', 'kept', 'provisioned from a file (read-only in Grafana)');
    return { outcome: 'kept', keyId: key?.info.id ?? null, key: key ? (key.created ? 'created' : 'unchanged') : 'skipped', revokedKeyIds: [] };
  }

  const keys = await port.listKeys(opts.slug);
  const heldId = existing?.jsonData?.[KEY_ID_FIELD];
  let keyId: string;
  let secret: string | undefined;
  let key: Outcome;
  if (opts.importSecret) {
    const r = await port.importKey(opts.slug, 'grafana', PROVISIONED_KEY_NAME, opts.importSecret);
    keyId = r.info.id;
    key = r.created ? 'created' : 'unchanged';
    if (heldId !== keyId) secret = opts.importSecret;
  } else if (typeof heldId === 'string' && keys.some((k) => k.id === heldId && k.kind === 'grafana' && !k.revokedAt)) {
    keyId = heldId;
    key = 'unchanged';
  } else {
    const r = await port.createKey(opts.slug, 'grafana', PROVISIONED_KEY_NAME);
    keyId = r.info.id;
    secret = r.key;
    key = 'created';
  }
  ctx.progress('grafana key', key, keyId);

  const body = datasourceBody(opts.backendUrl, keyId, secret);
  let outcome: Outcome;
  if (!existing) {
    await grafana.post('/api/datasources', body, { orgId });
    outcome = 'created';
  } else if (secret || !sameSettings(existing, body)) {
    await grafana.put(path, body, { orgId });
    outcome = 'updated';
  } else {
    outcome = 'unchanged';
  }
  ctx.progress('datasource', outcome, `${DATASOURCE.uid} → ${opts.backendUrl}`);

  const revokedKeyIds: string[] = [];
  for (const k of keys) {
    if (k.kind === 'grafana' && k.name === PROVISIONED_KEY_NAME && !k.revokedAt && k.id !== keyId) {
      await port.revokeKey(opts.slug, k.id);
      revokedKeyIds.push(k.id);
      ctx.progress('old grafana key', 'deleted', `${k.id} revoked`);
    }
  }
  return { outcome, keyId, key, revokedKeyIds };
}

function sameSettings(have: GrafanaDatasource, want: { name: string; access: string; isDefault: boolean; jsonData: Record<string, unknown> }): boolean {
  return (
    have.name === want.name &&
    have.access === want.access &&
    have.isDefault === want.isDefault &&
    JSON.stringify(sortKeys(have.jsonData ?? {})) === JSON.stringify(sortKeys(want.jsonData))
  );
}

const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
