/**
 * provisioning/ (what Grafana loads into org 1) and the CLI (what it sends to
 * every other org) must describe the same objects: same datasource uid, type
 * and settings, same folder, same app, same alert rules, contact point and
 * routes. This holds them together; no Grafana needed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_PLUGIN_ID, DATASOURCE, DEFAULT_PROVISIONING_DIR, FOLDER } from '../../src/grafana/desired/constants.ts';
import { datasourceBody } from '../../src/grafana/desired/datasource-body.ts';
import { loadAlertingDefinition } from '../../src/grafana/desired/alerting-files.ts';
import { loadDashboards } from '../../src/grafana/desired/dashboard-source.ts';

const file = (p: string) => parse(readFileSync(join(DEFAULT_PROVISIONING_DIR, p), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('provisioning files and the provisioning CLI agree', () => {
  it('datasource: same uid, name, type and settings; the key only from the environment', () => {
    const [entry] = file('datasources/semantest.yaml').datasources;
    const api = datasourceBody('${SEMANTEST_BACKEND_URL}', 'key-id');
    assert.deepEqual([entry.uid, entry.name, entry.type, entry.access, entry.isDefault], [api.uid, api.name, api.type, api.access, api.isDefault]);
    assert.equal(entry.orgId, 1);
    const { semantestKeyId: _id, ...apiJson } = api.jsonData;
    assert.deepEqual(entry.jsonData, apiJson);
    assert.deepEqual(entry.secureJsonData, { apiKey: '${SEMANTEST_DEMO_GRAFANA_KEY}' });
  });

  it('app plugin and dashboard folder', () => {
    assert.deepEqual(file('plugins/semantest.yaml').apps.map((a: { type: string }) => a.type), [APP_PLUGIN_ID]);
    const [provider] = file('dashboards/semantest.yaml').providers;
    assert.deepEqual([provider.folderUid, provider.folder, provider.orgId], [FOLDER.uid, FOLDER.title, 1]);
  });

  it('alerting: rules query our datasource, carry the label the routes match, and route to contact points that exist', () => {
    const def = loadAlertingDefinition(DEFAULT_PROVISIONING_DIR);
    const rules = def.rules(7, 'folder-x');
    assert.ok(rules.length >= 1);
    for (const r of rules) {
      assert.equal(r.orgID, 7);
      assert.equal(r.folderUID, 'folder-x');
      for (const q of r.data) assert.ok([DATASOURCE.uid, '__expr__'].includes(q.datasourceUid), `${r.uid} queries ${q.datasourceUid}`);
      assert.ok(r.data.some((q) => q.refId === r.condition));
      assert.match(r.for, /^\d+[smh]$/);
      const routed = def.routes.some((route) => (route.object_matchers ?? []).every(([k, op, v]) => op === '=' && r.labels[k!] === v));
      assert.ok(routed, `${r.uid} matches no Semantest route`);
    }
    const names = new Set(def.contactPoints.map((c) => c.name));
    for (const route of def.routes) assert.ok(names.has(route.receiver!), `route to unknown receiver ${route.receiver}`);
    assert.deepEqual(def.contactPoints.map((c) => [c.uid, c.type]), [['semantest-email', 'email']]);
    for (const g of file('alerting/semantest-pass-rate.yaml').groups) assert.equal(g.folder, FOLDER.title);
  });
});

describe('dashboard source', () => {
  it('reads the JSON files (when the package is not used) and refuses a dashboard without a stable uid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semantest-dash-'));
    try {
      mkdirSync(join(dir, 'dashboards', 'semantest'), { recursive: true });
      writeFileSync(join(dir, 'dashboards', 'semantest', 'a.json'), JSON.stringify({ uid: 'a', title: 'A', panels: [] }));
      const { dashboards } = await loadDashboards(dir, { usePackage: false });
      assert.deepEqual(dashboards.map((d) => d.uid), ['a']);
      writeFileSync(join(dir, 'dashboards', 'semantest', 'b.json'), JSON.stringify({ title: 'B' }));
      await assert.rejects(loadDashboards(dir, { usePackage: false }), /b\.json has no uid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the repository definitions load (package export or JSON files), each with a uid and a title', async () => {
    const { source, dashboards } = await loadDashboards(DEFAULT_PROVISIONING_DIR);
    assert.ok(source.length > 0);
    for (const d of dashboards) assert.ok(d.uid && d.title);
    assert.equal(new Set(dashboards.map((d) => d.uid)).size, dashboards.length, 'uids are unique');
  });
});
