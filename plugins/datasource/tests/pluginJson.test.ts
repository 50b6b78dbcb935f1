import Ajv from 'ajv';
import { readFileSync } from 'fs';
import { join } from 'path';

// Grafana's published plugin.json schema, vendored from grafana/plugin-validator (Apache-2.0)
// config/plugin.schema.json @ a7e38aae: the validator uses it for its "metadatavalid" check.
const schema = JSON.parse(readFileSync(join(__dirname, 'plugin.schema.json'), 'utf8'));
const pluginJson = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'plugin.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

describe('plugin.json', () => {
  it('is valid against the published schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }) // schema patterns use \- (invalid under the u flag);
    const validate = ajv.compile(schema);
    const ok = validate(pluginJson);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('declares a backend that alerting, streaming and annotations can use', () => {
    expect(pluginJson).toMatchObject({
      id: 'semantest-analytics-datasource',
      type: 'datasource',
      backend: true,
      alerting: true,
      streaming: true,
      annotations: true,
      metrics: true,
      executable: 'gpx_semantest',
    });
  });

  it('has a deliberate grafanaDependency and the version placeholder filled from package.json', () => {
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=12.3.0');
    expect(pluginJson.info.version).toBe('%VERSION%');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('points at logos that exist', () => {
    for (const logo of Object.values<string>(pluginJson.info.logos)) {
      expect(() => readFileSync(join(__dirname, '..', 'src', logo))).not.toThrow();
    }
  });

  it('pins every @grafana/* runtime package to one exact version', () => {
    const versions = new Set(
      Object.entries<string>(pkg.dependencies)
        .filter(([name]) => name.startsWith('@grafana/'))
        .map(([, v]) => v)
    );
    expect([...versions]).toEqual(['12.4.10']);
  });
});
