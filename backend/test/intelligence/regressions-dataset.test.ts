/**
 * The scheduled regression check writes the `regressions` dataset on real
 * chDB (migrations applied by the real runner), and the compiler reads it
 * with the tenant guard and row policies: a test and its suite that doubled
 * in duration and a page-load metric that grew are flagged, a steady test is
 * unchanged, another tenant's checks stay invisible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';
import { migrateAnalytics } from '../../src/storage/analytics/migrate.ts';
import { checkProjectRegressions } from '../../src/intelligence/regressions/scheduled.ts';
import { compileQuery, type CompileContext } from '../../src/query/index.ts';
import { chTime } from '../../src/intelligence/sql.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 12);

const ctx = (tenantId: string, extra: Partial<CompileContext> = {}): CompileContext => ({
  tenantId, principal: { kind: 'user', login: 'vera', role: 'Viewer' }, policies: [], maskingRules: [],
  tenantSettings: { denyByDefault: false, maskingKey: 'k' }, now: new Date(NOW), ...extra,
});

test('regression checks become the regressions dataset, per tenant and under policies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-regr-'));
  const db = new ChdbDriver(dir);
  try {
    await migrateAnalytics(db);
    const results: Record<string, unknown>[] = [];
    const perf: Record<string, unknown>[] = [];
    for (const tenant of ['acme', 'evil']) {
      for (let run = 0; run < 28; run++) {
        const at = NOW - 14 * DAY + run * (DAY / 2) + 1000;
        const current = at >= NOW - 7 * DAY;
        const jitter = (run % 5) - 2;
        results.push(
          { tenant_id: tenant, project: 'web', run_id: `r${run}`, suite: 'checkout', test_id: 'slow', name: 'pays by card', status: 'passed', is_final: 1, attempt: 1, duration_ms: (current ? 200 : 100) + jitter, started_at: chTime(at), retention_days: 3650 },
          { tenant_id: tenant, project: 'web', run_id: `r${run}`, suite: 'cart', test_id: 'steady', name: 'adds item', status: 'passed', is_final: 1, attempt: 1, duration_ms: 100 + jitter, started_at: chTime(at), retention_days: 3650 },
        );
        perf.push({ tenant_id: tenant, project: 'web', run_id: `r${run}`, suite: 'checkout', test_id: 'slow', metric: 'page_load_time', value: (current ? 1500 : 1000) + jitter * 10, unit: 'ms', ts: chTime(at), retention_days: 3650 });
      }
    }
    const nd = (rows: Record<string, unknown>[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'));
    await db.insertJsonEachRow('test_results', nd(results));
    await db.insertJsonEachRow('perf_samples', nd(perf));
    assert.ok(await checkProjectRegressions(db, 'acme', 'web', NOW) >= 4);

    const run = async (q: unknown, c: CompileContext) => {
      const compiled = compileQuery(q, c);
      return db.query<Record<string, string | number>>(compiled.sql, { ...compiled.params });
    };
    const rows = await run({ version: 1, dataset: 'regressions', metrics: [{ fn: 'max', field: 'change_pct' }, { fn: 'min', field: 'confidence' }],
      groupBy: ['level', 'metric', 'test', 'suite', 'verdict'], shape: 'table', limit: 100 }, ctx('acme'));
    const find = (level: string, who: string, metric = 'duration_ms') => rows.find((r) => r.d0 === level && r.d1 === metric && (r.d2 === who || r.d3 === who));
    assert.equal(find('test', 'pays by card')?.d4, 'regressed');
    assert.ok(Math.abs(Number(find('test', 'pays by card')!.m0) - 1) < 0.05, 'about +100 %');
    assert.ok(Number(find('test', 'pays by card')!.m1) > 0.95, 'confident');
    assert.equal(find('test', 'adds item')?.d4, 'unchanged');
    assert.equal(find('suite', 'checkout')?.d4, 'regressed');
    assert.equal(find('metric', 'pays by card', 'page_load_time')?.d4, 'regressed');

    assert.equal(Number((await run({ version: 1, dataset: 'regressions', metrics: [{ fn: 'count' }], shape: 'single' }, ctx('evil')))[0]!.m0), 0, 'evil never checked: sees nothing of acme');
    const apiOnly = ctx('acme', { policies: [{ id: 'api', name: 'api', condition: [{ field: 'project', op: '=', value: 'api' }], appliesTo: { everyone: true } }] });
    assert.equal(Number((await run({ version: 1, dataset: 'regressions', metrics: [{ fn: 'count' }], shape: 'single' }, apiOnly))[0]!.m0), 0);
    // a second check replaces the first (latest per subject), it does not add rows
    const before = (await run({ version: 1, dataset: 'regressions', metrics: [{ fn: 'count' }], shape: 'single' }, ctx('acme')))[0]!.m0;
    await checkProjectRegressions(db, 'acme', 'web', NOW + 60_000);
    assert.equal((await run({ version: 1, dataset: 'regressions', metrics: [{ fn: 'count' }], shape: 'single' }, ctx('acme')))[0]!.m0, before);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
