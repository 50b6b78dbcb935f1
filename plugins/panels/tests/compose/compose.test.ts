/**
 * docker-compose.yml cannot be run here (no Docker engine), so these tests check what can be
 * checked without one: the file is valid against the Compose Specification's JSON schema, every
 * host path it mounts exists, every variable is documented, Grafana allows exactly the plugins it
 * mounts and runs the version they are built for, and every long-running service is health-checked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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

  it('calls the provisioning CLI only with flags it has, and gives it every variable it reads', () => {
    const s = compose.services['provision-demo']!;
    const command = Array.isArray(s.command) ? s.command.join(' ') : s.command!;
    // The CLI's own help is the list of flags that exist (and of the variables it reads).
    const help = execFileSync(process.execPath, ['--import', 'tsx', 'backend/src/cli/main.ts', 'tenant', 'provision', '--help'], { cwd: repoRoot, encoding: 'utf8' });
    const known = new Set(help.match(/--[a-z][a-z-]*/g));
    const used = command.slice(command.indexOf('tenant provision')).match(/--[a-z][a-z-]*/g)!;
    assert.ok(used.length >= 4);
    assert.deepEqual(used.filter((f) => !known.has(f)), [], `flags the CLI does not have:\n${help}`);
    // Credentials and tokens travel in the environment, not on the command line.
    assert.doesNotMatch(command, /--grafana-password|--operator-token|--grafana-token|--grafana-key/);
    const env = environmentOf(s);
    const readFromEnv = [...help.matchAll(/\(env:\s+([A-Z_]+)\)/g)].map((m) => m[1]!);
    for (const name of ['GRAFANA_PASSWORD', 'SEMANTEST_OPERATOR_TOKEN', 'TENANT_GRAFANA_KEY']) {
      assert.ok(readFromEnv.includes(name), `the CLI does not read ${name}`);
      assert.ok(env[name], `provision-demo does not set ${name}`);
    }
    for (const m of command.matchAll(/\$\$([A-Z_]+)/g)) assert.ok(env[m[1]!], `the command uses $${m[1]} which the job does not set`);
    // The job and the backend share the operator token; the job and Grafana share the demo key.
    assert.equal(env.SEMANTEST_OPERATOR_TOKEN, environmentOf(compose.services.backend!).SEMANTEST_OPERATOR_TOKEN);
    assert.equal(env.TENANT_GRAFANA_KEY, environmentOf(compose.services.grafana!).SEMANTEST_DEMO_GRAFANA_KEY);
    assert.match(env.TENANT_GRAFANA_KEY!, /^smt_grafana_[0-9A-Za-z]{32}$/);
  });
});
