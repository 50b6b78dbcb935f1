import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASETS, LIMITS, datasetShapes, migrateQuery, parseQuery, validateQuery } from '@semantest/query-model';
import { compileQuery } from '../../src/query/index.ts';
import { SOURCES, DATASET_TABLE } from '../../src/query/model/sources.ts';
import { CONTEXTS } from './golden-contexts.ts';

/** Shape `rows`: validation (readable paths), catalog/source agreement, compiler invariants. */
const rows = (extra: Record<string, unknown>) => ({ version: 1, dataset: 'results', shape: 'rows', ...extra });
const issues = (q: unknown): string => {
  const r = validateQuery(migrateQuery(q));
  return r.ok ? '' : r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
};
const has = (text: string, want: string) => assert.ok(text.includes(want), `missing "${want}" in\n${text}`);

test('a rows query may leave metrics out; it validates with its columns', () => {
  const q = parseQuery(rows({ columns: ['started_at', 'test', 'duration_ms', 'label:team'], orderBy: [{ by: 'duration_ms', dir: 'desc' }] }));
  assert.deepEqual(q.metrics, []);
  assert.deepEqual(q.columns, ['started_at', 'test', 'duration_ms', 'label:team']);
});

test('rows validation errors name the path and what is wrong', () => {
  has(issues(rows({ metrics: [{ fn: 'count' }], columns: ['test'] })), '/metrics: a rows query takes no metrics');
  has(issues(rows({ columns: [] })), '/columns: a rows query needs at least one column');
  has(issues(rows({})), '/columns: a rows query needs at least one column');
  has(issues(rows({ columns: ['test', 'nope', 'test'] })), '/columns/1: unknown column "nope" for rows of dataset results');
  has(issues(rows({ columns: ['test', 'nope', 'test'] })), '/columns/2: duplicate column "test"');
  has(issues(rows({ columns: ['error_stack'] })), '/columns/0: unknown column "error_stack" for rows of dataset results');
  has(issues(rows({ columns: ['test'], groupBy: ['project'] })), '/groupBy: a rows query is not grouped');
  has(issues(rows({ columns: ['test'], orderBy: [{ by: 'project', dir: 'asc' }] })), '/orderBy/0/by: order by "project": a rows query orders by one of its columns');
  has(issues(rows({ columns: ['test'], limit: LIMITS.maxRows + 1 })), '/limit');
  has(issues(rows({ columns: Array.from({ length: LIMITS.maxColumns + 1 }, () => 'test') })), '/columns');
  // labels only where the rows carry them
  has(issues({ ...rows({ columns: ['label:team'] }), dataset: 'audit' }), '/columns/0: unknown column "label:team" for rows of dataset audit');
});

test('aggregating shapes keep needing a metric and refuse columns', () => {
  has(issues({ version: 1, dataset: 'results', metrics: [], shape: 'table' }), '/metrics: shape table needs at least one metric');
  has(issues({ version: 1, dataset: 'results', shape: 'table' }), 'must have required properties metrics');
  has(issues({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], columns: ['test'], shape: 'table' }), '/columns: only shape rows takes columns');
});

test('datasets without row columns refuse the shape (run_diff, failure_clusters)', () => {
  has(issues({ ...rows({ columns: ['test'] }), dataset: 'run_diff' }), '/shape: dataset run_diff answers shapes table, single');
  has(issues({ ...rows({ columns: ['project'] }), dataset: 'failure_clusters' }), '/shape: dataset failure_clusters answers shapes timeseries_long, timeseries_wide, table, single');
  for (const d of DATASETS) assert.equal(datasetShapes(d).includes('rows'), d.rowColumns !== undefined, d.id);
});

test('every catalog row column resolves on its source and compiles (all columns at once)', () => {
  for (const d of DATASETS.filter((x) => x.rowColumns)) {
    const src = SOURCES[DATASET_TABLE[d.id]!];
    for (const c of d.rowColumns!) {
      const known = c.id in src.fields || c.id in ((src as { rowColumns?: object }).rowColumns ?? {}) || c.id === 'quarantined';
      assert.ok(known, `${d.id}.${c.id} has no source column`);
    }
    const c = compileQuery({ version: 1, dataset: d.id, shape: 'rows', columns: d.rowColumns!.map((x) => x.id) }, CONTEXTS.admin!);
    assert.deepEqual(c.columns.map((x) => x.name), d.rowColumns!.map((x) => x.id));
    assert.equal(c.usedRollup, false);
    assert.ok(!/GROUP BY/.test(c.sql), c.sql);
  }
});

test('rows never use the rollup, even with only rollup columns and an hour-aligned range', () => {
  const q = rows({ columns: ['started_at', 'project', 'suite', 'test'], timeRange: { from: 0, to: 3_600_000 } });
  const c = compileQuery(q, CONTEXTS.plain!);
  assert.equal(c.usedRollup, false);
  assert.ok(c.sql.includes('FROM `test_results`') && !c.sql.includes('hourly'));
});

test('the limit: default rows, model cap; audit rows stay admin-only', () => {
  const c = compileQuery(rows({ columns: ['test'] }), CONTEXTS.plain!);
  assert.equal(Object.values(c.params).at(-1), LIMITS.defaultRows);
  assert.throws(() => compileQuery({ ...rows({ columns: ['actor'] }), dataset: 'audit' }, CONTEXTS.plain!), { code: 'QUERY_FORBIDDEN_DATASET' });
  assert.throws(() => compileQuery(rows({ columns: ['nope'] }), CONTEXTS.plain!), (e: { code?: string; issues?: unknown[] }) => e.code === 'QUERY_INVALID' && (e.issues?.length ?? 0) > 0);
});
