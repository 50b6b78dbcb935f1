/**
 * Integration: a generated history goes into a real ClickHouse engine
 * (chDB), comes back through historySql, and the evaluator flags the tests
 * the generator made flaky and broken — and only those.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateCi, expectedState } from '../../src/intelligence/sim/ci-history.ts';
import { simResultRows, toNdjson } from '../../src/intelligence/sim/rows.ts';
import { historySql, rowsToHistories, type HistoryRow } from '../../src/intelligence/monitors/history-sql.ts';
import { evaluateMonitors } from '../../src/intelligence/monitors/evaluate.ts';
import { DEFAULT_MONITOR_CONFIG } from '../../src/intelligence/monitors/config.ts';
import { openTempChdb } from './chdb-helper.ts';

test('history SQL on chDB + evaluator flag the generated flaky and broken tests', async () => {
  const sim = simulateCi({ seed: 7, days: 14, runsPerDay: 6, counts: { healthy: 12, flaky: 4, broken: 2, 'breakage-fixed': 2, 'branch-broken': 2 } });
  const db = openTempChdb();
  try {
    // Another tenant's identical data must not leak into the fetch.
    const other = simulateCi({ seed: 8, days: 14, runsPerDay: 6, counts: { healthy: 0, flaky: 22, broken: 0, 'breakage-fixed': 0, 'branch-broken': 0 } });
    await db.session.insert({ table: 'test_results', values: toNdjson(simResultRows(sim, 'acme', 'web')), format: 'JSONEachRow' });
    await db.session.insert({ table: 'test_results', values: toNdjson(simResultRows(other, 'evil', 'web')), format: 'JSONEachRow' });

    const q = historySql({ tenant: 'acme', project: 'web', from: sim.options.endAt - 14 * 86_400_000, to: sim.options.endAt + 1 });
    const histories = rowsToHistories(await db.query<HistoryRow>(q));
    assert.equal(histories.length, sim.tests.length);

    // The SQL-computed outage ratio equals the generator's.
    const direct = new Map(sim.histories.map((h) => [h.testId, h]));
    for (const h of histories) {
      const expected = direct.get(h.testId)!;
      assert.equal(h.runs.length, expected.runs.length);
      for (let i = 0; i < h.runs.length; i++) assert.ok(Math.abs(h.runs[i]!.runFailureRatio - expected.runs[i]!.runFailureRatio) < 1e-9);
    }

    // Filtering to a few tests (a preview) must not change the runs' outage ratios.
    const some = histories.slice(0, 2).map((h) => h.testId);
    const few = rowsToHistories(await db.query<HistoryRow>(historySql({ tenant: 'acme', project: 'web', from: sim.options.endAt - 14 * 86_400_000, to: sim.options.endAt + 1, testIds: some })));
    assert.deepEqual(few, histories.slice(0, 2));

    const evals = evaluateMonitors(DEFAULT_MONITOR_CONFIG, histories, sim.options.endAt);
    const truth = new Map(sim.tests.map((t) => [t.testId, expectedState(t)]));
    const flagged = (state: string) => evals.filter((e) => e.state === state).map((e) => e.testId).sort();
    const expected = (state: string) => sim.tests.filter((t) => truth.get(t.testId) === state).map((t) => t.testId).sort();
    assert.deepEqual(flagged('broken'), expected('broken'));
    assert.deepEqual(flagged('flaky'), expected('flaky'));
    for (const e of evals.filter((x) => x.state !== 'healthy')) {
      assert.ok(e.changes.at(-1)!.evidence.length > 0, 'every flag names its evidence runs');
    }
  } finally {
    db.close();
  }
});
