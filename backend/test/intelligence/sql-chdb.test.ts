/**
 * Integration: the diff and regression SQL builders run on a real ClickHouse
 * engine (chDB) and return what the pure functions expect; another tenant's
 * rows never show up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateCi } from '../../src/intelligence/sim/ci-history.ts';
import { simResultRows, toNdjson } from '../../src/intelligence/sim/rows.ts';
import { samplesSql, rowsToSeries, type SampleRow } from '../../src/intelligence/regressions/samples-sql.ts';
import { detectRegressions } from '../../src/intelligence/regressions/detect.ts';
import { diffSidesSql, rowsToSides, type SideRow } from '../../src/intelligence/diff/sides-sql.ts';
import { diffResults } from '../../src/intelligence/diff/diff.ts';
import { chTime } from '../../src/intelligence/sql.ts';
import { openTempChdb } from './chdb-helper.ts';

const DAY = 86_400_000;

test('regression samples and diff sides on chDB', async () => {
  const sim = simulateCi({ seed: 21, days: 14, runsPerDay: 4, slowedShare: 0.3, driftShare: 0, counts: { healthy: 10, flaky: 0, broken: 2, 'breakage-fixed': 0, 'branch-broken': 0 } });
  const end = sim.options.endAt;
  const db = openTempChdb();
  try {
    await db.session.insert({ table: 'test_results', values: toNdjson(simResultRows(sim, 'acme', 'web')), format: 'JSONEachRow' });
    // The other tenant's copy is 10× slower: it would flag everything if it leaked.
    const evil = simResultRows(sim, 'evil', 'web').map((r) => ({ ...r, duration_ms: Number(r.duration_ms) * 10 }));
    await db.session.insert({ table: 'test_results', values: toNdjson(evil), format: 'JSONEachRow' });
    const perf = Array.from({ length: 40 }, (_, i) => ({
      tenant_id: 'acme', project: 'web', run_id: `p${i}`, suite: 'home', test_id: '', metric: 'page_load_time',
      value: (i < 20 ? 1000 : 1500) + (i % 7) * 10, ts: chTime(end - 14 * DAY + i * (DAY / 3) + (i < 20 ? 0 : 7 * DAY - 20 * (DAY / 3))), retention_days: 3650,
    }));
    await db.session.insert({ table: 'perf_samples', values: toNdjson(perf), format: 'JSONEachRow' });

    const window = { baseline: { kind: 'period' as const, from: end - 14 * DAY, to: end - 7 * DAY }, current: { from: end - 7 * DAY, to: end + 1 } };
    const testRows = await db.query<SampleRow>(samplesSql({ tenant: 'acme', project: 'web', level: 'test', ...window }));
    const findings = detectRegressions(rowsToSeries(testRows, 'duration_ms'));
    // The same series built in memory from the generator (passing final attempts only).
    const passed = new Set(sim.histories.flatMap((h) => h.runs.filter((r) => r.attempts.at(-1)!.status === 'passed').map((r) => `${h.testId}/${r.runId}`)));
    const byKey = new Map<string, { key: string; metric: string; baseline: number[]; current: number[] }>();
    for (const d of sim.durations) {
      if (!passed.has(`${d.testId}/${d.runId}`) || d.startedAt < end - 14 * DAY) continue;
      const s = byKey.get(d.testId) ?? { key: d.testId, metric: 'duration_ms', baseline: [], current: [] };
      (d.startedAt >= end - 7 * DAY ? s.current : s.baseline).push(d.durationMs);
      byKey.set(d.testId, s);
    }
    const direct = new Map(detectRegressions([...byKey.values()]).map((f) => [f.key, f]));
    for (const f of findings) {
      const d = direct.get(f.key)!;
      assert.equal(f.status, d.status, f.key);
      assert.ok(Math.abs(f.relativeShift - d.relativeShift) < 1e-9 || (Number.isNaN(f.relativeShift) && Number.isNaN(d.relativeShift)));
    }
    const flagged = findings.filter((f) => f.status === 'regressed').length;
    assert.ok(flagged >= 2, `expected the slowed tests to show up, got ${flagged}`);

    // Durations come from passing final attempts only: a failure's duration measures the failure.
    for (const h of sim.histories) {
      const passing = h.runs.filter((r) => r.startedAt >= end - 7 * DAY && r.attempts.at(-1)!.status === 'passed').length;
      const f = findings.find((x) => x.key === h.testId);
      assert.equal(f?.nCurrent ?? 0, passing, h.testId);
    }

    const suiteRows = await db.query<SampleRow>(samplesSql({ tenant: 'acme', project: 'web', level: 'suite', ...window }));
    assert.deepEqual(suiteRows.map((r) => r.key), ['sim', 'sim']);

    const metricRows = await db.query<SampleRow>(samplesSql({ tenant: 'acme', project: 'web', level: 'metric', metric: 'page_load_time', ...window }));
    const [page] = detectRegressions(rowsToSeries(metricRows, 'page_load_time'));
    assert.equal(page!.key, 'home');
    assert.equal(page!.status, 'regressed');
    assert.ok(Math.abs(page!.relativeShift - 0.5) < 0.05);

    // Diff: first run vs last run on main.
    const mainRuns = sim.runs.filter((r) => r.branch === 'main' && !r.outage);
    const first = mainRuns[0]!;
    const last = mainRuns[mainRuns.length - 1]!;
    const rows = await db.query<SideRow>(diffSidesSql('acme', 'web', { kind: 'run', runId: first.runId }, { kind: 'run', runId: last.runId }));
    const sides = rowsToSides(rows);
    assert.equal(sides.before.length, sim.tests.length);
    const d = diffResults(sides.before, sides.after);
    assert.deepEqual(d.newFailures.map((x) => x.testId), sim.tests.filter((t) => t.kind === 'broken').map((t) => t.testId));
    assert.equal(d.added.length + d.removed.length, 0);
  } finally {
    db.close();
  }
});
