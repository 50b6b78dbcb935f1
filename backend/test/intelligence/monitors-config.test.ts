import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MONITOR_CONFIG, resolveMonitorConfig, inScope } from '../../src/intelligence/monitors/config.ts';
import { previewMonitor } from '../../src/intelligence/monitors/preview.ts';
import { historySql } from '../../src/intelligence/monitors/history-sql.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { history, repeat, T0, HOUR } from './history-builder.ts';
import { assertTenantGuarded, assertNoValuesInSql } from './sql-guard.ts';

test('partial configs merge over the defaults', () => {
  const c = resolveMonitorConfig({ flips: { windowRuns: 30 }, recoveryDays: 3 });
  assert.equal(c.flips.windowRuns, 30);
  assert.equal(c.flips.minFlips, DEFAULT_MONITOR_CONFIG.flips.minFlips);
  assert.equal(c.recoveryDays, 3);
  assert.deepEqual(c.broken, DEFAULT_MONITOR_CONFIG.broken);
});

test('out-of-range settings are refused with a coded error naming the field', () => {
  const bad = [
    { flips: { windowRuns: 1 } }, { flips: { minFlips: 50, windowRuns: 10 } }, { failureRate: { minRate: 0 } },
    { failureRate: { minRate: 1.5 } }, { broken: { consecutiveFailures: 0 } }, { maxRunFailureRatio: 0 }, { recoveryDays: -1 },
    { flips: { branches: [''] } },
  ];
  for (const input of bad) {
    assert.throws(() => resolveMonitorConfig(input as never), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && typeof e.extra?.field === 'string');
  }
});

test('branch scopes: exact names, * wildcards, empty = all', () => {
  assert.ok(inScope(['main'], 'main'));
  assert.ok(!inScope(['main'], 'main2'));
  assert.ok(inScope(['release/*'], 'release/1.2'));
  assert.ok(!inScope(['release/*'], 'hotfix/release/1'));
  assert.ok(inScope([], 'anything'));
  assert.ok(inScope(['a.b'], 'a.b') && !inScope(['a.b'], 'axb'));
});

test('preview lists the tests a config would flag, broken first, with their cause', () => {
  const histories = [
    history('healthy', repeat('P', 10)),
    history('flaky', ['P', 'FP', 'FP', 'FP', 'P']),
    history('broken', ['P', ...repeat('F', 6)]),
  ];
  const p = previewMonitor({}, histories, T0 + 10 * HOUR);
  assert.deepEqual(p.counts, { healthy: 1, flaky: 1, broken: 1 });
  assert.deepEqual(p.flagged.map((f) => [f.testId, f.state, f.cause?.reason]), [['broken', 'broken', 'broken'], ['flaky', 'flaky', 'pass_on_retry']]);
  // The same histories with pass-on-retry off: nothing flaky.
  assert.equal(previewMonitor({ passOnRetry: { enabled: false } }, histories, T0 + 10 * HOUR).counts.flaky, 0);
});

test('history SQL is tenant-guarded and binds every value', () => {
  const q = historySql({ tenant: 'acme-corp', project: 'web-app', from: T0, to: T0 + HOUR, testIds: ['t-secret'] });
  assertTenantGuarded(q, 'acme-corp');
  assertNoValuesInSql(q, ['web-app', 't-secret', '2026-01-01']);
  assert.deepEqual(q.params.testIds, ['t-secret']);
  assert.equal(q.params.from, '2026-01-01 00:00:00.000');
});
