/**
 * Provisioning into orgs that already exist: org 1, whose Semantest objects
 * Grafana loaded from provisioning/ files (read-only over the API, kept as
 * the files define them; the datasource key comes from the environment and
 * is registered with --grafana-key), and an org reached with a
 * service-account token (no org creation possible, the token's org is used).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './stack.ts';
import { loadAlertingDefinition } from '../../src/grafana/desired/alerting-files.ts';
import { DEFAULT_PROVISIONING_DIR } from '../../src/grafana/desired/constants.ts';

const DEMO_KEY = 'smt_grafana_DemoOnlyChangeMeDemoOnlyChangeMe';

describe('tenant provision into existing orgs', () => {
  let s: Stack;
  const tokens: Record<string, number> = {};
  before(async () => {
    s = await startStack({ tokens });
    await s.app.services.tenants.create({ slug: 'demo', name: 'Demo', grafanaOrgId: 1 });
    // What Grafana builds in org 1 from provisioning/{datasources,dashboards,plugins,alerting}.
    const org1 = s.fake.orgs.get(1)!;
    const def = loadAlertingDefinition(DEFAULT_PROVISIONING_DIR);
    org1.datasources.set('semantest', {
      id: 900, uid: 'semantest', orgId: 1, name: 'Semantest', type: 'semantest-analytics-datasource', access: 'proxy', url: '', isDefault: true,
      jsonData: { url: 'http://backend:8080', timeoutSeconds: 30, streamMaxPerSecond: 10 }, secureJsonData: { apiKey: DEMO_KEY }, readOnly: true, version: 1,
    });
    org1.plugins.set('semantest-analytics-app', { enabled: true, pinned: true, jsonData: {} });
    org1.folders.set('semantest', { id: 901, uid: 'semantest', title: 'Semantest', version: 1 });
    org1.dashboards.set('semantest-realtime', { model: { uid: 'semantest-realtime', title: 'from file' }, folderUid: 'semantest', version: 1, id: 902, provisioned: true });
    for (const cp of def.contactPoints) org1.contactPoints.set(cp.uid, { cp: { ...cp }, provenance: 'file' });
    org1.policy = { tree: { receiver: 'grafana-default-email', routes: def.routes }, provenance: 'file' };
    for (const rule of def.rules(1, "semantest")) org1.rules.set(rule.uid, { rule: { ...rule }, provenance: 'file' });
  });
  after(() => s.close());

  it('org 1: keeps the file-provisioned objects and registers the environment key, so the file datasource authenticates', async () => {
    await assert.rejects(s.app.services.keys.authenticate(DEMO_KEY), /not known/);
    const r = await s.provision('demo', { grafanaKey: DEMO_KEY });
    assert.deepEqual(s.fake.violations, []);
    assert.equal(r.org.id, 1);
    assert.equal(r.datasource.outcome, 'kept');
    assert.equal(r.datasource.key, 'created');
    assert.equal(r.dashboards['semantest-realtime'], 'kept');
    assert.deepEqual(Object.values(r.alertRules), ['kept']);
    assert.deepEqual(Object.values(r.contactPoints), ['kept']);
    assert.equal(r.policies, 'kept');
    assert.equal(r.plugins['semantest-analytics-app'], 'unchanged');
    const auth = await s.app.services.keys.authenticate(DEMO_KEY);
    assert.deepEqual([auth.tenant.slug, auth.key.kind], ['demo', 'grafana']);
    assert.equal(s.fake.orgs.get(1)!.dashboards.get('semantest-realtime')!.model.title, 'from file');

    const again = await s.provision('demo', { grafanaKey: DEMO_KEY });
    assert.equal(again.datasource.key, 'unchanged');
    assert.equal((await s.app.services.keys.list('demo')).length, 1);
    assert.deepEqual(s.fake.violations, []);
  });

  it('refuses to deprovision org 1, the main org', async () => {
    await assert.rejects(s.deprovision('demo'), /main organization/);
    assert.ok(s.fake.orgs.has(1));
  });

  it('with a service-account token: provisions into the token\'s org without creating one', async () => {
    const created = await s.grafana().post<{ orgId: number }>('/api/orgs', { name: 'Umbrella' });
    tokens['glsa_umbrella'] = created!.orgId;
    // A folder titled like ours but with another uid (as Grafana's alert-rule file provisioning makes them).
    s.fake.orgs.get(created!.orgId)!.folders.set('f-by-title', { id: 950, uid: 'f-by-title', title: 'Semantest', version: 1 });
    const orgCount = s.fake.orgs.size;
    const r = await s.provision('umbrella', { auth: { kind: 'token', token: 'glsa_umbrella' } });
    assert.deepEqual(s.fake.violations, []);
    assert.deepEqual(r.org, { id: created!.orgId, name: 'Umbrella', created: false });
    assert.equal(s.fake.orgs.size, orgCount);
    assert.equal(r.folder, 'kept');
    const umbrella = s.fake.orgs.get(created!.orgId)!;
    assert.equal(umbrella.folders.size, 1, 'no second Semantest folder');
    assert.equal(umbrella.dashboards.get('semantest-realtime')!.folderUid, 'f-by-title');
    assert.equal(umbrella.rules.get('semantest-pass-rate-below-90')!.rule.folderUID, 'f-by-title');
    const secret = s.fake.orgs.get(created!.orgId)!.datasources.get('semantest')!.secureJsonData.apiKey!;
    assert.equal((await s.app.services.keys.authenticate(secret)).tenant.slug, 'umbrella');
    await assert.rejects(s.deprovision('umbrella', { kind: 'token', token: 'glsa_umbrella' }), /server admin/);
  });
});
