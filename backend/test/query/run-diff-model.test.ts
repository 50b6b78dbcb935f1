import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, resolveCompareSides, validateQuery } from '@semantest/query-model';
import { compileQuery, toDataFrames } from '../../src/query/index.ts';
import { CONTEXTS } from './golden-contexts.ts';

/** The compare parameter of the query model: defaults, explicit sides, refusals. */
const W = { from: 1_000_000, to: 1_600_000 };
const q = (extra: Record<string, unknown>) => ({ version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], shape: 'table', ...extra });

test('defaults: after = the time range, before = the period of the same length just before it', () => {
  const s = resolveCompareSides(parseQuery(q({ timeRange: W })));
  assert.deepEqual(s, { ok: true, after: { kind: 'window', from: 1_000_000, to: 1_600_000 }, before: { kind: 'window', from: 400_000, to: 1_000_000 } });
});

test('explicit sides: runs, commits, windows, branches, period same; ISO dates accepted', () => {
  const cases: [Record<string, unknown>, unknown, unknown][] = [
    [{ compare: { before: { run: 'r1' }, after: { run: 'r2' } } }, { kind: 'run', runId: 'r1' }, { kind: 'run', runId: 'r2' }],
    [{ timeRange: W, compare: { before: { commit: 'abc' } } }, { kind: 'commit', sha: 'abc' }, { kind: 'window', ...W }],
    [{ timeRange: W, compare: { before: { branch: 'main', period: 'same' }, after: { branch: 'feat' } } }, { kind: 'window', ...W, branch: 'main' }, { kind: 'window', ...W, branch: 'feat' }],
    [{ timeRange: W, compare: { before: { branch: 'main' } } }, { kind: 'window', from: 400_000, to: 1_000_000, branch: 'main' }, { kind: 'window', ...W }],
    [{ compare: { before: { from: '1970-01-01T00:00:01Z', to: 2000 }, after: { from: 3000, to: 4000 } } }, { kind: 'window', from: 1000, to: 2000 }, { kind: 'window', from: 3000, to: 4000 }],
  ];
  for (const [extra, before, after] of cases) {
    const s = resolveCompareSides(parseQuery(q(extra)));
    assert.deepEqual(s, { ok: true, before, after }, JSON.stringify(extra));
  }
});

test('refusals name the offending path; other datasets take no compare parameter', () => {
  const issues = (extra: Record<string, unknown>, dataset = 'run_diff') => {
    const r = validateQuery({ ...q(extra), dataset });
    return r.ok ? [] : r.errors.map((e) => e.path);
  };
  assert.deepEqual(issues({}), ['/timeRange']);
  assert.deepEqual(issues({ compare: { after: { commit: 'c' } } }), ['/compare/before']);
  assert.deepEqual(issues({ timeRange: W, compare: { before: { run: 'r', commit: 'c' } } }), ['/compare/before']);
  assert.deepEqual(issues({ timeRange: W, compare: { before: { from: 5, to: 1 } } }), ['/compare/before']);
  assert.deepEqual(issues({ timeRange: W, compare: { before: { from: 1, to: 5, period: 'same' } } }), ['/compare/before/period']);
  assert.deepEqual(issues({ timeRange: W, shape: 'timeseries_wide', intervalMs: 60_000 }), ['/shape']);
  assert.deepEqual(issues({ compare: { before: { run: 'r' } } }, 'results'), ['/compare']);
  assert.deepEqual(issues({ timeRange: W, compare: { before: { run: 'r', extra: 1 } } }).length > 0, true, 'unknown keys refused by the schema');
});

test('alerting: run_diff counts per change become numeric frames with a change label', () => {
  const compiled = compileQuery(q({ groupBy: ['change'], timeRange: W }), CONTEXTS.plain!);
  const frames = toDataFrames(compiled, [{ d0: 'new_failure', m0: 3 }, { d0: 'fixed', m0: 1 }], 'numeric_multi');
  assert.deepEqual(frames.map((f) => [f.schema.fields[0]?.labels, f.data.values[0]]), [[{ change: 'new_failure' }, [3]], [{ change: 'fixed' }, [1]]]);
});
