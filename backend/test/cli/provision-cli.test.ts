/**
 * The CLI as a user runs it (a child process): `tenant provision` and
 * `tenant deprovision` with --json against the fake Grafana, once through a
 * running server's operator API (docker compose) and once on its own
 * DATA_DIR; progress on stderr, one JSON object on stdout, coded errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATOR_TOKEN, startStack, type Stack } from '../grafana/stack.ts';

const backendDir = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Async on purpose: the fake Grafana and the server answer from this process.
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--json', ...args], { cwd: backendDir, env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('semantest tenant provision (CLI)', () => {
  let s: Stack;
  let dataDir: string;
  const grafana = () => ['--grafana-url', s.fake.url, '--grafana-user', 'admin', '--grafana-password', 'admin'];
  before(async () => {
    s = await startStack();
    dataDir = mkdtempSync(join(tmpdir(), 'semantest-cli-'));
  });
  after(async () => {
    await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('provisions through the operator API: JSON summary on stdout, one progress line per step on stderr', async () => {
    const r = await cli(['tenant', 'provision', 'acme', ...grafana(), '--backend-url', 'http://backend:8080', '--semantest-url', s.semantestUrl], { SEMANTEST_OPERATOR_TOKEN: OPERATOR_TOKEN });
    assert.equal(r.code, 0, r.stderr);
    const { provisioned } = JSON.parse(r.stdout);
    assert.equal(provisioned.tenant.slug, 'acme');
    assert.equal(provisioned.datasource.outcome, 'created');
    assert.match(r.stderr, /created\s+grafana org\s+acme/);
    assert.match(r.stderr, /created\s+datasource/);
    assert.match(r.stderr, /created\s+alert rule semantest-pass-rate-below-90/);
    assert.doesNotMatch(r.stdout + r.stderr, /smt_grafana_[0-9A-Za-z]{32}/, 'the key secret is never printed');
    assert.equal((await s.app.services.tenants.getBySlug('acme')).grafanaOrgId, provisioned.org.id);
    assert.deepEqual(s.fake.violations, []);
  });

  it('reports a wrong operator token and wrong Grafana credentials with their codes', async () => {
    const badOp = await cli(['tenant', 'provision', 'x1', ...grafana(), '--backend-url', 'http://b', '--semantest-url', s.semantestUrl, '--operator-token', 'not-the-token-0123456789abcdef']);
    assert.equal(badOp.code, 1);
    assert.equal(JSON.parse(badOp.stdout).error.code, 'AUTH_INVALID_OPERATOR_TOKEN');
    const badGrafana = await cli(['tenant', 'provision', 'x2', '--grafana-url', s.fake.url, '--grafana-user', 'admin', '--grafana-password', 'nope', '--backend-url', 'http://b', '--semantest-url', s.semantestUrl, '--operator-token', OPERATOR_TOKEN]);
    assert.equal(badGrafana.code, 1);
    assert.equal(JSON.parse(badGrafana.stdout).error.code, 'GRAFANA_AUTH_FAILED');
    const noCreds = await cli(['tenant', 'provision', 'x3', '--grafana-url', s.fake.url, '--backend-url', 'http://b']);
    assert.equal(noCreds.code, 1);
    assert.match(JSON.parse(noCreds.stdout).error.message, /--grafana-user and --grafana-password/);
    for (const slug of ['x1', 'x2', 'x3']) await assert.rejects(s.app.services.tenants.getBySlug(slug));
  });

  it('provisions and deprovisions on its own DATA_DIR when no server is given', async () => {
    const env = { DATA_DIR: dataDir, SEMANTEST_DEMO: 'false' };
    const r = await cli(['tenant', 'provision', 'solo', ...grafana(), '--backend-url', 'http://backend:8080'], env);
    assert.equal(r.code, 0, r.stderr);
    const orgId = JSON.parse(r.stdout).provisioned.org.id;
    const d = await cli(['tenant', 'deprovision', 'solo', ...grafana()], env);
    assert.equal(d.code, 0, d.stderr);
    // Deprovision read the org id from the tenant the first run stored in DATA_DIR.
    assert.deepEqual(JSON.parse(d.stdout).deprovisioned.org, { id: orgId, deleted: true });
    assert.equal(JSON.parse(d.stdout).deprovisioned.revokedKeyIds.length, 1);
    assert.equal(s.fake.orgs.has(orgId), false);
    assert.deepEqual(s.fake.violations, []);
  });
});
