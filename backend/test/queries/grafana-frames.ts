/**
 * `@grafana/data`'s dataFrameFromJSON, loaded from its CommonJS build file:
 * the package's ESM entry does not import under Node (moment-timezone named
 * export) and its CJS index touches `window` at load. The DataFrameJSON module
 * alone has no browser dependency.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const path = require.resolve('@grafana/data').replace(/index\.cjs$/, 'dataframe/DataFrameJSON.cjs');
export const { dataFrameFromJSON } = require(path) as typeof import('@grafana/data');
