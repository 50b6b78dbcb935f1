import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compileAnnotationsQuery, compileQuery, compileValuesQuery, type AnnotationsRequest } from '../../src/query/index.ts';
import { CONTEXTS } from './golden-contexts.ts';

/**
 * Golden SQL: each case in golden/cases.json compiles to exactly the stored
 * SQL + params. Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
const dir = fileURLToPath(new URL('./golden/', import.meta.url));
interface Case { name: string; ctx: string; query?: unknown; values?: { dimension: string; search?: string; limit?: number }; annotations?: AnnotationsRequest }
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[];

function compileCase(c: Case): unknown {
  const ctx = CONTEXTS[c.ctx];
  if (!ctx) throw new Error(`no context ${c.ctx}`);
  if (c.values) {
    const r = compileValuesQuery(c.values.dimension, c.values.search, c.values.limit, ctx);
    return { sql: r.sql, params: r.params, appliedPolicies: r.appliedPolicies, appliedMasks: r.appliedMasks };
  }
  if (c.annotations) {
    const r = compileAnnotationsQuery(c.annotations, ctx);
    return { sql: r.sql, params: r.params, columns: r.columns, appliedPolicies: r.appliedPolicies };
  }
  const r = compileQuery(c.query, ctx);
  return { sql: r.sql, params: r.params, columns: r.columns, shape: r.shape, appliedPolicies: r.appliedPolicies, appliedMasks: r.appliedMasks, usedRollup: r.usedRollup };
}

for (const c of cases) {
  test(`golden: ${c.name}`, () => {
    const file = join(dir, `${c.name}.json`);
    const actual = compileCase(c);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
      assert.equal(process.env.CI, undefined, `golden file ${c.name}.json missing in CI`);
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  });
}
