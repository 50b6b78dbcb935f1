import { execFileSync } from 'child_process';
import { join } from 'path';

/**
 * The harness host bundle (tests/harness/cjsInterop.ts): @grafana/ui's `.mjs` default-imports the
 * CommonJS react-custom-scrollbars-2. The probe bundles that import with esbuild in a child process.
 */
describe('harness host bundle: default imports of CommonJS from .mjs', () => {
  const probe = () =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'harness', 'fixtures', 'bundleProbe.mts')], { encoding: 'utf8' })) as Record<string, string>;

  it('esbuild alone hands an object to the importer (React error #130 in every Table); with cjsDefaultInterop it is the component, as webpack gives it in Grafana', () => {
    expect(probe()).toEqual({ plain: 'object', interop: 'function' });
  });
});
