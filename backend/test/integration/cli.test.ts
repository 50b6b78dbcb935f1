/** The CLI as a user runs it: a child process on a DATA_DIR, --json output, --help. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BACKEND = fileURLToPath(new URL('../../', import.meta.url));

test('tenant and key commands on a data dir, with --json and --help', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'semantest-cli-'));
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: BACKEND, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
  try {
    const created = run('tenant', 'create', 'acme', '--grafana-org', '2', '--json');
    assert.equal(created.status, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).tenant.grafanaOrgId, 2);
    const key = run('key', 'create', 'acme', '--kind', 'grafana', '--json');
    const parsed = JSON.parse(key.stdout);
    assert.match(parsed.key, /^smt_grafana_/);
    const listed = run('key', 'list', 'acme', '--json');
    assert.ok(!listed.stdout.includes(parsed.key), 'the secret is shown once only');
    const revoked = run('key', 'revoke', 'acme', parsed.info.id, '--json');
    assert.ok(JSON.parse(revoked.stdout).key.revokedAt);
    const dup = run('tenant', 'create', 'acme', '--json');
    assert.equal(dup.status, 1);
    assert.equal(JSON.parse(dup.stdout).error.code, 'TENANT_EXISTS');
    const badKind = run('key', 'create', 'acme', '--kind', 'root');
    assert.equal(badKind.status, 1);
    assert.match(badKind.stderr, /kind must be one of ingest, query, admin, grafana/);
    const help = run('key', 'create', '--help');
    assert.match(help.stdout, /--kind <kind>/);
    assert.equal(JSON.parse(run('tenant', 'list', '--json').stdout).tenants.length, 1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
