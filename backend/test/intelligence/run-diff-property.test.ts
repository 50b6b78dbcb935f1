/**
 * Property: under random row policies (project, suite, branch, owner; several
 * ops; OR across policies, AND within one) the run_diff dataset equals
 * diffResults() — the API's comparer — run on exactly the raw rows those
 * policies admit, for random windows. So policies filter the rows the sides are
 * built from, as they do for every other dataset, and the other tenant (same
 * test ids) never contributes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileQuery, type CompileContext, type RowPolicy } from '../../src/query/index.ts';
import { diffResults, type SideResult } from '../../src/intelligence/diff/diff.ts';
import type { TestStatus } from '../../src/intelligence/types.ts';
import { openEngine, type TestEngine } from '../query/helpers/chdb.ts';
import { D0, DAY, HOUR, seedRows, type SeedRow } from './run-diff-history.ts';

const A = 'tenant-a-id';
let engine: TestEngine;
let rows: SeedRow[] = [];
before(async () => {
  engine = await openEngine();
  rows = [...seedRows(A, 'tenant-a', 7), ...seedRows('tenant-b-id', 'tenant-b', 8)];
  await engine.query(`INSERT INTO test_results SETTINGS async_insert = 0 FORMAT JSONEachRow ${rows.map((r) => JSON.stringify(r)).join('\n')}`);
});
after(() => engine.close());

const at = (r: SeedRow) => Date.parse(`${r.started_at.replace(' ', 'T')}Z`);
type Cond = { field: 'project' | 'suite' | 'branch' | 'owner'; op: '=' | '!=' | 'in'; value: string | string[] };
const COLUMN = { project: 'project', suite: 'suite', branch: 'branch', owner: 'owner' } as const;
const VALUES = { project: ['web', 'api'], suite: ['web-suite-0', 'web-suite-1', 'api-suite-2'], branch: ['main', 'feature'], owner: ['@team-0', '@team-1'] };
const cond: fc.Arbitrary<Cond> = fc.constantFrom('project', 'suite', 'branch', 'owner').chain((field) => fc.oneof(
  fc.record({ field: fc.constant(field), op: fc.constantFrom('=' as const, '!=' as const), value: fc.constantFrom(...VALUES[field]) }),
  fc.record({ field: fc.constant(field), op: fc.constant('in' as const), value: fc.uniqueArray(fc.constantFrom(...VALUES[field]), { minLength: 1, maxLength: 2 }) }),
));
const policies = fc.array(fc.array(cond, { maxLength: 2 }), { minLength: 1, maxLength: 2 });

const holds = (r: SeedRow, c: Cond) => {
  const v = r[COLUMN[c.field]];
  return c.op === '=' ? v === c.value : c.op === '!=' ? v !== c.value : (c.value as string[]).includes(v);
};

/** The API's view of one project: per side, latest final status and non-skipped durations. */
function oracle(admitted: SeedRow[], before: [number, number], after: [number, number]): Set<string> {
  const out = new Set<string>();
  for (const project of ['web', 'api']) {
    const side = ([from, to]: [number, number]) => {
      const m = new Map<string, SideResult & { t: number }>();
      for (const r of admitted) {
        if (r.project !== project || r.is_final !== 1 || at(r) < from || at(r) >= to) continue;
        const s = m.get(r.test_id) ?? { testId: r.test_id, name: r.name, status: r.status as TestStatus, durations: [], t: -1 };
        if (at(r) > s.t) Object.assign(s, { status: r.status as TestStatus, t: at(r) });
        if (r.status !== 'skipped') s.durations.push(r.duration_ms);
        m.set(r.test_id, s);
      }
      return [...m.values()];
    };
    const d = diffResults(side(before), side(after));
    const add = (change: string, list: { name?: string }[]) => list.forEach((x) => out.add(`${project}|${change}|${x.name}`));
    add('new_failure', d.newFailures); add('fixed', d.fixed); add('still_failing', d.stillFailing); add('added', d.added);
    add('removed', d.removed); add('slower', d.slower); add('faster', d.faster);
    out.add(`${project}|unchanged|#${d.unchanged}`);
  }
  return out;
}

test('property: run_diff under random row policies equals diffResults on the admitted rows', async () => {
  await fc.assert(fc.asyncProperty(policies, fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 7 }), async (conds, splitDay, days) => {
    const split = D0 + splitDay * DAY + 5 * HOUR;
    const len = days * DAY;
    const ps: RowPolicy[] = conds.map((c, i) => ({ id: `p${i}`, name: 'generated', condition: c, appliesTo: { everyone: true } }));
    const ctx: CompileContext = { tenantId: A, principal: { kind: 'user', login: 'vera', role: 'Viewer' }, policies: ps, maskingRules: [], tenantSettings: { denyByDefault: false, maskingKey: 'k' }, now: new Date() };
    const compiled = compileQuery({ version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'change', 'test'], timeRange: { from: split, to: split + len }, shape: 'table', limit: 10000 }, ctx);
    const got = await engine.query<Record<string, string>>(compiled.sql, { ...compiled.params });
    const keys = new Set<string>();
    const unchanged = new Map<string, number>([['web', 0], ['api', 0]]);
    for (const r of got) {
      if (r.d1 === 'unchanged') unchanged.set(String(r.d0), (unchanged.get(String(r.d0)) ?? 0) + 1);
      else keys.add(`${r.d0}|${r.d1}|${r.d2}`);
    }
    for (const [p, n] of unchanged) keys.add(`${p}|unchanged|#${n}`);
    const admitted = rows.filter((r) => r.tenant_id === A && conds.some((c) => c.every((x) => holds(r, x))));
    assert.deepEqual([...keys].sort(), [...oracle(admitted, [split - len, split], [split, split + len])].sort(), JSON.stringify(conds));
  }), { numRuns: 25 });
});
