import Ajv from 'ajv';
import { readFileSync } from 'fs';
import { join } from 'path';

import { PAGES, PLUGIN_ID, DATASOURCE_TYPE } from '../src/constants';

// Grafana's published plugin.json schema, vendored from grafana/plugin-validator (Apache-2.0)
// config/plugin.schema.json @ a7e38aae (the same copy the datasource's contract test uses).
const schema = JSON.parse(readFileSync(join(__dirname, 'plugin.schema.json'), 'utf8'));
const pluginJson = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'plugin.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

describe('plugin.json', () => {
  it('is valid against the published schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(pluginJson);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is the app the compose file and provisioning enable', () => {
    expect(pluginJson).toMatchObject({ id: PLUGIN_ID, type: 'app' });
    const compose = readFileSync(join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
    expect(compose).toContain(`./plugins/app/dist:/var/lib/grafana/plugins/${PLUGIN_ID}`);
    const provisioning = readFileSync(
      join(__dirname, '..', '..', '..', 'provisioning', 'plugins', 'semantest.yaml'),
      'utf8'
    );
    expect(provisioning).toContain(`type: ${PLUGIN_ID}`);
  });

  it('declares the pages the app root serves, Exports first, with the roles the backend needs', () => {
    const pages = pluginJson.includes.filter((i: { type: string }) => i.type === 'page');
    const paths = pages.map((p: { path: string }) => p.path.replace('%PLUGIN_ID%', PLUGIN_ID));
    expect(paths).toEqual([PAGES.exports, PAGES.reports, `/plugins/${PLUGIN_ID}`]);
    expect(pages.map((p: { role: string }) => p.role)).toEqual(['Editor', 'Viewer', 'Admin']);
    expect(pages.filter((p: { defaultNav?: boolean }) => p.defaultNav).map((p: { name: string }) => p.name)).toEqual([
      'Exports',
    ]);
  });

  it('has no proxy routes: every call goes through the datasource, which holds the key', () => {
    expect(pluginJson.routes).toBeUndefined();
    expect(pluginJson.dependencies.plugins).toEqual([
      expect.objectContaining({ type: 'datasource', id: DATASOURCE_TYPE }),
    ]);
  });

  it('has a deliberate grafanaDependency, version placeholders, logos that exist and one @grafana version', () => {
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=12.3.0');
    expect(pluginJson.info.version).toBe('%VERSION%');
    for (const logo of Object.values<string>(pluginJson.info.logos)) {
      expect(() => readFileSync(join(__dirname, '..', 'src', logo))).not.toThrow();
    }
    const versions = new Set(
      Object.entries<string>(pkg.dependencies)
        .filter(([n]) => n.startsWith('@grafana/'))
        .map(([, v]) => v)
    );
    expect([...versions]).toEqual(['12.4.10']);
  });
});
