/**
 * `tenant provision` / `deprovision` against the fake Grafana (which checks
 * every request against Grafana's documented API) and a real Semantest app
 * reached through its operator API, as in docker compose.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { snapshot, startStack, type Stack } from './stack.ts';
import { GrafanaError } from '../../src/grafana/api/grafana-error.ts';
import { DEFAULT_PROVISIONING_DIR, PROVISIONED_KEY_NAME } from '../../src/grafana/desired/constants.ts';
import { loadDashboards } from '../../src/grafana/desired/dashboard-source.ts';
import { loadAlertingDefinition } from '../../src/grafana/desired/alerting-files.ts';
import { DASHBOARDS } from './stack.ts';

describe('tenant provision', () => {
  let s: Stack;
  before(async () => {
    s = await startStack();
  });
  after(async () => {
    await s.close();
  });
  const noViolations = () => assert.deepEqual(s.fake.violations, []);
  const activeGrafanaKeys = async (slug: string) => (await s.app.services.keys.list(slug)).filter((k) => k.kind === 'grafana' && !k.revokedAt);

  it('creates org, tenant, key, datasource, plugins, folder, dashboards and alerting in a new org', async () => {
    const r = await s.provision('acme');
    noViolations();
    assert.equal(r.org.created, true);
    assert.equal(r.tenant.created, true);
    const org = s.fake.orgs.get(r.org.id)!;
    assert.equal(org.name, 'acme');
    const tenant = await s.app.services.tenants.getBySlug('acme');
    assert.equal(tenant.grafanaOrgId, r.org.id);

    const ds = org.datasources.get('semantest')!;
    assert.equal(ds.type, 'semantest-analytics-datasource');
    assert.equal(ds.jsonData.url, 'http://backend:8080');
    assert.doesNotMatch(JSON.stringify(ds.jsonData), /smt_/, 'the secret is only in secureJsonData');
    const auth = await s.app.services.keys.authenticate(ds.secureJsonData.apiKey!);
    assert.equal(auth.tenant.slug, 'acme');
    assert.equal(auth.key.kind, 'grafana');

    assert.deepEqual(org.plugins.get('semantest-analytics-app'), { enabled: true, pinned: true, jsonData: {} });
    assert.equal(org.folders.get('semantest')?.title, 'Semantest');
    assert.equal(org.dashboards.get('semantest-realtime')?.folderUid, 'semantest');
    assert.equal(org.contactPoints.get('semantest-email')?.provenance, 'api');
    const routes = org.policy.tree.routes as Array<{ receiver: string; object_matchers: string[][] }>;
    assert.deepEqual(routes.map((x) => [x.receiver, x.object_matchers]), [['Semantest (e-mail)', [['source', '=', 'semantest']]]]);
    assert.equal(org.policy.tree.receiver, 'grafana-default-email', 'the root of the tree is left alone');
    const rule = org.rules.get('semantest-pass-rate-below-90')!;
    assert.equal(rule.rule.folderUID, 'semantest');
    assert.equal((rule.rule.data as Array<{ datasourceUid: string }>)[0]!.datasourceUid, 'semantest');
  });

  it('converges on a re-run: no duplicates, no writes, identical state, the same single key', async () => {
    const orgId = (await s.app.services.tenants.getBySlug('acme')).grafanaOrgId!;
    const before = snapshot(s.fake.orgs.get(orgId)!);
    const keysBefore = await activeGrafanaKeys('acme');
    const mark = s.fake.log.length;
    const r = await s.provision('acme');
    noViolations();
    assert.equal(r.org.created, false);
    assert.equal(r.datasource.outcome, 'unchanged');
    assert.equal(r.datasource.key, 'unchanged');
    for (const o of [...Object.values(r.plugins), r.folder, ...Object.values(r.dashboards), ...Object.values(r.contactPoints), r.policies, ...Object.values(r.alertRules)]) {
      assert.equal(o, 'unchanged');
    }
    const writes = s.fake.log.slice(mark).filter((l) => !l.startsWith('GET '));
    assert.deepEqual(writes, [`POST /api/orgs/${orgId}/users → 409`], 'only the idempotent membership check writes');
    assert.deepEqual(snapshot(s.fake.orgs.get(orgId)!), before);
    assert.deepEqual(await activeGrafanaKeys('acme'), keysBefore);
    assert.equal([...s.fake.orgs.values()].filter((o) => o.name === 'acme').length, 1);
  });

  it('gives two tenants two orgs, each datasource holding its own tenant key', async () => {
    const r = await s.provision('globex', { orgName: 'Globex Corp' });
    noViolations();
    const acmeOrg = (await s.app.services.tenants.getBySlug('acme')).grafanaOrgId!;
    assert.notEqual(r.org.id, acmeOrg);
    const keyOf = (orgId: number) => s.fake.orgs.get(orgId)!.datasources.get('semantest')!.secureJsonData.apiKey!;
    assert.notEqual(keyOf(r.org.id), keyOf(acmeOrg));
    assert.equal((await s.app.services.keys.authenticate(keyOf(r.org.id))).tenant.slug, 'globex');
    assert.equal((await s.app.services.keys.authenticate(keyOf(acmeOrg))).tenant.slug, 'acme');
    assert.equal(s.fake.orgs.get(r.org.id)!.name, 'Globex Corp');
  });

  it('after Grafana fails half way, a re-run converges to one active key and a complete org', async () => {
    s.fake.failNext('POST', '/api/datasources');
    await assert.rejects(s.provision('initech'), (err: unknown) => err instanceof GrafanaError && err.code === 'GRAFANA_ERROR');
    assert.equal((await activeGrafanaKeys('initech')).length, 1, 'the failed run left a key without a datasource');
    const r = await s.provision('initech');
    noViolations();
    assert.equal(r.org.created, false, 'the org from the failed run is reused');
    const keys = await activeGrafanaKeys('initech');
    assert.equal(keys.length, 1, 'the orphaned key was revoked');
    assert.equal(keys[0]!.id, r.datasource.keyId);
    assert.equal(keys[0]!.name, PROVISIONED_KEY_NAME);
    assert.equal(r.datasource.revokedKeyIds.length, 1);
  });

  it('replaces a key that was revoked behind its back, then revokes nothing else', async () => {
    const [held] = await activeGrafanaKeys('acme');
    await s.app.services.keys.revoke('acme', held!.id);
    const r = await s.provision('acme');
    noViolations();
    assert.equal(r.datasource.key, 'created');
    assert.equal(r.datasource.outcome, 'updated');
    const orgId = r.org.id;
    const secret = s.fake.orgs.get(orgId)!.datasources.get('semantest')!.secureJsonData.apiKey!;
    assert.equal((await s.app.services.keys.authenticate(secret)).key.id, r.datasource.keyId);
  });

  it('refuses bad Grafana credentials before touching Semantest', async () => {
    await assert.rejects(s.provision('hooli', { auth: { kind: 'basic', user: 'admin', password: 'wrong' } }), (err: unknown) => {
      assert.ok(err instanceof GrafanaError);
      assert.equal(err.code, 'GRAFANA_AUTH_FAILED');
      assert.match(err.message, /--grafana-password/);
      assert.doesNotMatch(err.message, /wrong/, 'the password is never echoed');
      return true;
    });
    await assert.rejects(s.app.services.tenants.getBySlug('hooli'), /no tenant/);
    assert.equal([...s.fake.orgs.values()].some((o) => o.name === 'hooli'), false);
  });

  it("uploads the repository's dashboards within the API contract, and a re-run leaves them unchanged", async () => {
    const { dashboards } = await loadDashboards(DEFAULT_PROVISIONING_DIR);
    const first = await s.provision('soylent', { dashboards });
    noViolations();
    assert.deepEqual(Object.keys(first.dashboards).sort(), dashboards.map((d) => d.uid).sort());
    for (const o of Object.values(first.dashboards)) assert.equal(o, 'created');
    const second = await s.provision('soylent', { dashboards });
    for (const o of Object.values(second.dashboards)) assert.equal(o, 'unchanged');
    const org = s.fake.orgs.get(first.org.id)!;
    for (const d of dashboards) assert.equal(org.dashboards.get(d.uid)!.version, 1);
  });

  it('deletes its own dashboards and rules that are no longer defined, and nothing else', async () => {
    const base = loadAlertingDefinition(DEFAULT_PROVISIONING_DIR);
    const withExtra = { ...base, rules: (org: number, folder: string) => [...base.rules(org, folder), { ...base.rules(org, folder)[0]!, uid: 'semantest-extra', title: 'Extra rule' }] };
    const extraDash = { uid: 'semantest-extra', title: 'Extra', tags: ['semantest'], panels: [] };
    const r1 = await s.provision('acme', { dashboards: [...DASHBOARDS, extraDash], alerting: withExtra });
    assert.equal(r1.dashboards['semantest-extra'], 'created');
    assert.equal(r1.alertRules['semantest-extra'], 'created');
    const org = s.fake.orgs.get(r1.org.id)!;
    // A tenant's own dashboard in the same folder, without our tag.
    org.dashboards.set('team-own', { model: { uid: 'team-own', title: 'Team board', tags: ['team'] }, folderUid: 'semantest', version: 1, id: 990, provisioned: false });
    const r2 = await s.provision('acme');
    noViolations();
    assert.deepEqual(r2.pruned, { dashboards: ['semantest-extra'], alertRules: ['semantest-extra'] });
    assert.equal(org.dashboards.has('semantest-extra'), false);
    assert.equal(org.rules.has('semantest-extra'), false);
    assert.ok(org.dashboards.has('team-own'), "the tenant's own dashboard stays");
    assert.ok(org.dashboards.has('semantest-realtime'));
    assert.deepEqual((await s.provision('acme')).pruned, { dashboards: [], alertRules: [] });
  });

  it('deprovision deletes the org, revokes the grafana keys, unmaps the tenant; provision works again after', async () => {
    const orgId = (await s.app.services.tenants.getBySlug('globex')).grafanaOrgId!;
    const secret = s.fake.orgs.get(orgId)!.datasources.get('semantest')!.secureJsonData.apiKey!;
    const r = await s.deprovision('globex');
    noViolations();
    assert.deepEqual(r.org, { id: orgId, deleted: true });
    assert.equal(s.fake.orgs.has(orgId), false);
    await assert.rejects(s.app.services.keys.authenticate(secret), /revoked/);
    assert.equal((await activeGrafanaKeys('globex')).length, 0);
    assert.equal((await s.app.services.tenants.getBySlug('globex')).grafanaOrgId, null);
    const again = await s.deprovision('globex');
    assert.deepEqual(again, { tenant: 'globex', org: { id: null, deleted: false }, revokedKeyIds: [] });
    const back = await s.provision('globex', { orgName: 'Globex Corp' });
    assert.equal(back.org.created, true);
    noViolations();
  });
});
