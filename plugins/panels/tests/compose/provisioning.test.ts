/**
 * The provisioning files this workspace owns (dashboard providers, app enablement) point at
 * places that exist once docker compose mounts ./provisioning at /etc/grafana/provisioning, and
 * name only plugins the compose Grafana loads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bindMounts, environmentOf, loadCompose, repoRoot } from './composeFile.ts';

const { compose } = loadCompose();
const mount = bindMounts(compose).find((m) => m.target === '/etc/grafana/provisioning')!;
const hostDir = (containerPath: string) => join(repoRoot, mount.source, containerPath.slice(mount.target.length));
const yamlFiles = (dir: string) =>
  readdirSync(join(repoRoot, 'provisioning', dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ f, doc: parse(readFileSync(join(repoRoot, 'provisioning', dir, f), 'utf8')) as Record<string, any> }));

describe('provisioning/', () => {
  it('dashboard providers read from mounted folders that exist', () => {
    const files = yamlFiles('dashboards');
    assert.ok(files.length > 0);
    for (const { f, doc } of files) {
      assert.equal(doc.apiVersion, 1, f);
      for (const p of doc.providers) {
        assert.ok(p.options.path.startsWith(`${mount.target}/`), `${f}: ${p.options.path} is outside the mount`);
        assert.ok(existsSync(hostDir(p.options.path)), `${f}: ${p.options.path} has no folder in the repository`);
        assert.equal(typeof p.orgId, 'number', `${f}: provider without orgId`);
      }
    }
  });

  it('enables only plugins the compose Grafana loads', () => {
    const allowed = environmentOf(compose.services.grafana!).GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS!.split(',');
    for (const { f, doc } of yamlFiles('plugins')) {
      assert.equal(doc.apiVersion, 1, f);
      for (const app of doc.apps) {
        assert.ok(allowed.includes(app.type), `${f}: ${app.type} is not mounted`);
        assert.ok(app.org_id !== undefined || app.org_name !== undefined, `${f}: ${app.type} without an org`);
      }
    }
  });
});
