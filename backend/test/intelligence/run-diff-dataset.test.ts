/**
 * The run_diff dataset agrees with the diff API (POST /api/v1/diff) on a
 * seeded history, for every kind of side: the default (time range against the
 * period before it), two runs, two commits, two branches over the same window,
 * two explicit windows. Both go through HTTP on the real stores: the dataset
 * through POST /api/v1/query (compiler, tenant guard, policies, masking), the
 * API through its own SQL and diffResults(). Every category must list the same
 * tests; slower/faster the same medians and relative change, bit for bit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import type { RunDiff } from '../../src/intelligence/diff/diff.ts';
import { D0, DAY, PROJECTS, seedRows, toNdjson } from './run-diff-history.ts';

let t: TestApp;
let key = '';

before(async () => {
  t = await startTestApp({}, { SEMANTEST_MIRROR_EVERY_SECONDS: '0', SEMANTEST_EVALUATE_EVERY_MINUTES: '0' });
  const a = await t.tenant('diff-a', 31);
  key = a.keys.query;
  const b = await t.tenant('diff-b', 32);
  await t.services.analytics.insertJsonEachRow('test_results', toNdjson([...seedRows(a.id, 'tenant-a', 7), ...seedRows(b.id, 'tenant-b', 8)]));
});
after(() => t.close());

type Side = Record<string, string | number>;
interface Case { name: string; api: { before: Side; after: Side }; query: { timeRange?: { from: number; to: number }; compare?: { before?: Side; after?: Side } } }

const W1 = { from: D0, to: D0 + 7 * DAY };
const W2 = { from: D0 + 7 * DAY, to: D0 + 14 * DAY };
const ALL = { from: D0, to: D0 + 14 * DAY };
const CASES: Case[] = [
  { name: 'default: the time range against the period before it', api: { before: W1, after: W2 }, query: { timeRange: W2 } },
  { name: 'two runs', api: { before: { run: 'P-d3-m1' }, after: { run: 'P-d10-m2' } }, query: { compare: { before: { run: 'P-d3-m1' }, after: { run: 'P-d10-m2' } } } },
  { name: 'two commits (a commit run twice)', api: { before: { commit: 'c2' }, after: { commit: 'c12' } }, query: { compare: { before: { commit: 'c2' }, after: { commit: 'c12' } } } },
  {
    name: 'two branches over the same window',
    api: { before: { branch: 'main', ...ALL }, after: { branch: 'feature', ...ALL } },
    query: { timeRange: ALL, compare: { before: { branch: 'main', period: 'same' }, after: { branch: 'feature' } } },
  },
  { name: 'two explicit windows, no time range', api: { before: { from: D0, to: D0 + 3 * DAY }, after: { from: D0 + 10 * DAY, to: D0 + 12 * DAY } }, query: { compare: { before: { from: D0, to: D0 + 3 * DAY }, after: { from: D0 + 10 * DAY, to: D0 + 12 * DAY } } } },
];

const withProject = (s: Side, p: string): Side => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'string' ? v.replace('P-', `${p}-`) : v]));
const LISTS = { new_failure: 'newFailures', fixed: 'fixed', still_failing: 'stillFailing', added: 'added', removed: 'removed' } as const;

async function apiDiff(project: string, c: Case): Promise<RunDiff> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/diff', headers: bearer(key), payload: { project, before: withProject(c.api.before, project), after: withProject(c.api.after, project) } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as RunDiff;
}

interface DatasetRow { change: string; test: string; count: number; before: number | null; after: number | null; pct: number | null }
async function datasetRows(project: string, c: Case): Promise<DatasetRow[]> {
  const q = c.query;
  const compare = q.compare ? { before: withProject(q.compare.before ?? {}, project), after: withProject(q.compare.after ?? {}, project) } : undefined;
  const query = {
    refId: 'A', version: 1, dataset: 'run_diff', shape: 'table', limit: 10000,
    metrics: [{ fn: 'count' }, { fn: 'max', field: 'before_ms' }, { fn: 'max', field: 'after_ms' }, { fn: 'max', field: 'change_pct' }],
    groupBy: ['change', 'test'], filters: [{ field: 'project', op: '=', value: project }],
    ...(q.timeRange ? { timeRange: q.timeRange } : {}),
    ...(compare ? { compare: Object.fromEntries(Object.entries(compare).filter(([, v]) => Object.keys(v).length > 0)) } : {}),
  };
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/query', headers: bearer(key), payload: { queries: [query] } });
  assert.equal(res.statusCode, 200, res.body);
  const result = (res.json() as { results: Record<string, { status: number; error?: unknown; frames: { schema: { fields: { name: string }[] }; data: { values: unknown[][] } }[] }> }).results.A!;
  assert.equal(result.status, 200, JSON.stringify(result.error));
  const frame = result.frames[0]!;
  const col = (name: string) => frame.data.values[frame.schema.fields.findIndex((f) => f.name === name)]!;
  return col('change').map((change, i) => ({
    change: String(change), test: String(col('test')[i]), count: Number(col('count')[i]),
    before: col('max_before_ms')[i] as number | null, after: col('max_after_ms')[i] as number | null, pct: col('max_change_pct')[i] as number | null,
  }));
}

const names = (rows: readonly { name?: string }[]) => rows.map((r) => r.name ?? '').sort();

for (const c of CASES) {
  test(`run_diff agrees with POST /api/v1/diff: ${c.name}`, async () => {
    for (const project of PROJECTS) {
      const [api, rows] = [await apiDiff(project, c), await datasetRows(project, c)];
      assert.ok(rows.every((r) => r.count === 1), 'one row per (change, test)');
      assert.ok(rows.every((r) => r.test.startsWith('tenant-a ')), 'only this tenant\'s tests');
      const of = (change: string) => rows.filter((r) => r.change === change);
      for (const [change, list] of Object.entries(LISTS)) {
        assert.deepEqual(of(change).map((r) => r.test).sort(), names(api[list]), `${project} ${change}`);
      }
      assert.equal(of('unchanged').length, api.unchanged, `${project} unchanged`);
      for (const [change, list] of [['slower', api.slower], ['faster', api.faster]] as const) {
        const got = of(change).map((r) => [r.test, r.before, r.after, r.pct]).sort();
        const want = list.map((d) => [d.name, d.beforeMs, d.afterMs, d.relative]).sort();
        assert.deepEqual(got, want, `${project} ${change}`);
      }
    }
  });
}

test('the default case exercises every category (the seeded history is not trivial)', async () => {
  const api = await apiDiff('web', CASES[0]!);
  for (const list of [...Object.values(LISTS), 'slower', 'faster'] as const) assert.ok(api[list].length > 0, `no ${list}`);
  assert.ok(api.unchanged > 0);
  // the noise rule decides: medians moved ≥ 20 % and ≥ 10 ms, yet within 3 × the pooled MAD
  const noisy = (await datasetRows('web', CASES[0]!)).filter((r) => r.test === 'tenant-a web-noisy-0');
  assert.deepEqual(noisy.map((r) => r.change), ['unchanged']);
  assert.ok(noisy[0]!.pct! >= 0.2 && noisy[0]!.after! - noisy[0]!.before! >= 10, JSON.stringify(noisy));
  assert.ok(api.slower.some((d) => d.testId === 'web-noisyslow-0'), 'a move beyond the noise is reported');
});
