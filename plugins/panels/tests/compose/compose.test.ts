/**
 * docker-compose.yml cannot be run here (no Docker engine), so these tests check what can be
 * checked without one: the file is valid against the Compose Specification's JSON schema, every
 * host path it mounts exists, every variable is documented, Grafana allows exactly the plugins it
 * mounts and runs the version they are built for, and every long-running service is health-checked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { bindMounts, environmentOf, loadCompose, readEnvExample, referencedVariables, repoRoot, type Compose } from './composeFile.ts';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'compose-spec.json'), 'utf8')) as object;
const { raw, compose } = loadCompose();
const readJson = (p: string) => JSON.parse(readFileSync(join(repoRoot, p), 'utf8')) as Record<string, any>;

function validator() {
  // The spec names its meta-schema `https://json-schema.org/draft-07/schema`, ajv registers draft-07
  // as `http://json-schema.org/draft-07/schema`: the same document under a second id.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  return ajv.compile(schema);
}

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('is valid', () => {
    const validate = validator();
    assert.equal(validate(compose), true, JSON.stringify(validate.errors, null, 2));
  });

  it('the schema really rejects mistakes (misspelt key, wrong type, unknown condition)', () => {
    const validate = validator();
    const broken = (mutate: (c: Compose) => void) => {
      const c = structuredClone(compose);
      mutate(c);
      return validate(c);
    };
    assert.equal(broken((c) => (c.services.grafana!['imagee'] = 'x')), false);
    assert.equal(broken((c) => (c.services.postgres!.healthcheck = { test: ['CMD', 'true'], interval: 5 } as never)), false);
    assert.equal(broken((c) => (c.services.grafana!.depends_on = { backend: { condition: 'service_ready' } })), false);
  });
});

describe('docker-compose.yml references', () => {
  it('documents every interpolated variable in .env.example, and .env.example holds nothing unused', () => {
    const used = referencedVariables(raw);
    const documented = new Set(readEnvExample().keys());
    assert.deepEqual([...used].filter((v) => !documented.has(v)), []);
    assert.deepEqual([...documented].filter((v) => !used.has(v)), []);
  });

  it('mounts only host paths that exist; a plugin dist/ comes from a plugin project next to it', () => {
    const mounts = bindMounts(compose);
    assert.ok(mounts.length >= 8);
    const workspaces = readJson('package.json').workspaces as string[];
    for (const m of mounts) {
      const host = join(repoRoot, m.source);
      if (basename(m.source) !== 'dist') {
        assert.ok(existsSync(host), `${m.service}: ${m.source} does not exist`);
        continue;
      }
      // dist/ is a build output (gitignored); its project must exist and build the mounted id.
      const project = dirname(m.source).replace(/^\.\//, '');
      if (!existsSync(join(repoRoot, project, 'package.json'))) {
        // Planned but not yet written (plugins/app at the time of writing): must be a declared workspace.
        assert.ok(workspaces.includes(project), `${m.source}: no plugin project at ${project}`);
        continue;
      }
      const pkg = readJson(join(project, 'package.json'));
      assert.ok(pkg.scripts?.build, `${project} has no build script`);
      const pluginJson = readJson(join(project, 'src', 'plugin.json'));
      assert.equal(basename(m.target), pluginJson.id, `${m.source} is mounted under another id than its plugin.json`);
    }
  });

  it('allows loading exactly the unsigned plugins it mounts', () => {
    const grafana = compose.services.grafana!;
    const allowed = environmentOf(grafana).GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS!.split(',').sort();
    const mounted = bindMounts(compose)
      .filter((m) => m.service === 'grafana' && m.target.startsWith('/var/lib/grafana/plugins/'))
      .map((m) => basename(m.target))
      .sort();
    assert.deepEqual(allowed, mounted);
    assert.deepEqual(mounted, [
      'semantest-analytics-app',
      'semantest-analytics-datasource',
      'semantest-failureclusters-panel',
      'semantest-healthmatrix-panel',
      'semantest-runtimeline-panel',
    ]);
  });

  it('runs the Grafana version the plugins are compiled against', () => {
    const tag = compose.services.grafana!.image!.split(':')[1];
    for (const p of ['plugins/datasource', 'plugins/panels/healthmatrix', 'plugins/panels/failureclusters', 'plugins/panels/runtimeline']) {
      assert.equal(readJson(join(p, 'package.json')).dependencies['@grafana/data'], tag, p);
    }
  });

  it('mounts provisioning into Grafana', () => {
    const m = bindMounts(compose).find((b) => b.target === '/etc/grafana/provisioning');
    assert.equal(m?.source, './provisioning');
  });
});

describe('docker-compose.yml services', () => {
  const services = Object.entries(compose.services);
  const oneShot = (s: (typeof services)[number][1]) => s.restart === 'no';

  it('has the whole stack', () => {
    const images = Object.fromEntries(services.map(([n, s]) => [n, s.image]));
    assert.match(images.postgres!, /^postgres:15/);
    assert.match(images.grafana!, /^grafana\/grafana:12\.4\.\d+$/);
    assert.match(images.backend!, /^node:20-bookworm$/);
    assert.match(images.mailpit!, /^axllent\/mailpit:/);
    assert.match(images.minio!, /^minio\/minio:/);
  });

  it('health-checks every long-running service; one-shot jobs run once', () => {
    for (const [name, s] of services) {
      if (oneShot(s)) {
        assert.equal(s.healthcheck, undefined, `${name} is one-shot`);
      } else {
        assert.ok(s.healthcheck && !s.healthcheck.disable, `${name} has no health check`);
      }
    }
    assert.deepEqual(services.filter(([, s]) => oneShot(s)).map(([n]) => n).sort(), ['minio-init', 'provision-demo']);
  });

  it('waits on health for services and on completion for one-shot jobs', () => {
    for (const [name, s] of services) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {}) as Array<[string, { condition?: string }]>) {
        const target = compose.services[dep];
        assert.ok(target, `${name} depends on unknown ${dep}`);
        assert.equal(condition, oneShot(target) ? 'service_completed_successfully' : 'service_healthy', `${name} → ${dep}`);
      }
    }
  });

  it('gives the backend the settings it reads, and nothing its config loader would refuse', async () => {
    const env = environmentOf(compose.services.backend!);
    assert.equal(env.HOST, '0.0.0.0');
    assert.equal(env.PORT, '8080');
    assert.equal(env.DATA_DIR, '/data');
    assert.match(env.DATABASE_URL!, /^postgres:\/\/[^@]+@postgres:5432\//);
    const { loadConfig } = (await import(join(repoRoot, 'backend/src/config/load.ts'))) as {
      loadConfig: (env: Record<string, string>) => { host: string; port: number; databaseUrl?: string };
    };
    const config = loadConfig(env);
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, env.DATABASE_URL);
  });

  it('provisions the demo tenant through the repository CLI against the compose Grafana', () => {
    const s = compose.services['provision-demo']!;
    const command = Array.isArray(s.command) ? s.command.join(' ') : s.command!;
    assert.match(command, /npm run cli -- tenant provision demo\s+--grafana-url http:\/\/grafana:3000/);
    assert.ok(readJson('package.json').scripts.cli, 'the root package.json has no cli script');
    assert.deepEqual(Object.keys(s.depends_on as object).sort(), ['backend', 'grafana']);
  });
});
