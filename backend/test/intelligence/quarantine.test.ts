import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRecord, effectiveState, DEFAULT_QUARANTINE_POLICY, type QuarantinePolicy } from '../../src/intelligence/quarantine/model.ts';
import { quarantineTest, releaseTest, expireQuarantine, applyDetection, applyDetections } from '../../src/intelligence/quarantine/transitions.ts';
import type { StateChange } from '../../src/intelligence/monitors/evaluate.ts';
import { evaluateTest } from '../../src/intelligence/monitors/evaluate.ts';
import { resolveMonitorConfig } from '../../src/intelligence/monitors/config.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { history, T0, DAY } from './history-builder.ts';

const change = (to: StateChange['to'], at: number, reason: StateChange['reason'], from: StateChange['from'] = 'healthy'): StateChange =>
  ({ testId: 't', from, to, at, reason, evidence: [`run-${at}`] });
const AUTO: QuarantinePolicy = { ...DEFAULT_QUARANTINE_POLICY, autoQuarantine: true, name: 'flaky-main', owner: '@qa', expiryDays: 10 };

test('manual quarantine with reason, owner and expiry; release restores the detected state', () => {
  let r = applyDetection(newRecord('t'), change('flaky', T0, 'pass_on_retry'), DEFAULT_QUARANTINE_POLICY);
  r = quarantineTest(r, { reason: 'JIRA-12 race in cache warmup', owner: '@cache-team', by: 'alice', expiresAt: T0 + 5 * DAY }, T0 + 1);
  assert.equal(effectiveState(r), 'quarantined');
  assert.equal(r.quarantine!.source, 'manual');
  r = releaseTest(r, 'bob', T0 + 2, 'fixed in #345');
  assert.equal(effectiveState(r), 'flaky');
  assert.deepEqual(r.history.map((h) => [h.from, h.to, h.reason, h.actor]), [
    ['healthy', 'flaky', 'pass_on_retry', 'monitor'],
    ['flaky', 'quarantined', 'quarantined', 'alice'],
    ['quarantined', 'flaky', 'released', 'bob'],
  ]);
  assert.deepEqual(r.history[0]!.evidence, [`run-${T0}`]);
});

test('invalid quarantine operations are refused with coded errors', () => {
  const q = quarantineTest(newRecord('t'), { reason: 'x', owner: '', by: 'a' }, T0);
  const isValidation = (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED';
  assert.throws(() => quarantineTest(q, { reason: 'again', owner: '', by: 'a' }, T0), isValidation);
  assert.throws(() => quarantineTest(newRecord('t'), { reason: '  ', owner: '', by: 'a' }, T0), isValidation);
  assert.throws(() => quarantineTest(newRecord('t'), { reason: 'x', owner: '', by: 'a', expiresAt: T0 - 1 }, T0), isValidation);
  assert.throws(() => releaseTest(newRecord('t'), 'a', T0), isValidation);
});

test('expiry lapses a quarantine at its expiry time', () => {
  const q = quarantineTest(newRecord('t'), { reason: 'x', owner: '', by: 'a', expiresAt: T0 + DAY }, T0);
  assert.equal(expireQuarantine(q, T0 + DAY - 1), q);
  const e = expireQuarantine(q, T0 + 2 * DAY);
  assert.equal(e.quarantine, null);
  assert.deepEqual(e.history.at(-1)!.at, T0 + DAY);
  assert.equal(e.history.at(-1)!.reason, 'expired');
});

test('opt-in policy quarantines on detection and releases automatically after recovery', () => {
  let r = applyDetection(newRecord('t'), change('flaky', T0, 'flips'), AUTO);
  assert.equal(effectiveState(r), 'quarantined');
  assert.equal(r.quarantine!.createdBy, 'policy:flaky-main');
  assert.equal(r.quarantine!.expiresAt, T0 + 10 * DAY);
  r = applyDetection(r, change('healthy', T0 + 8 * DAY, 'recovered', 'flaky'), AUTO);
  assert.equal(effectiveState(r), 'healthy');
  assert.deepEqual(r.history.map((h) => h.reason), ['flips', 'quarantined', 'recovered', 'auto_released']);
});

test('without the opt-in nothing is quarantined automatically; broken is not in the default watch list', () => {
  assert.equal(effectiveState(applyDetection(newRecord('t'), change('flaky', T0, 'flips'), DEFAULT_QUARANTINE_POLICY)), 'flaky');
  assert.equal(effectiveState(applyDetection(newRecord('t'), change('broken', T0, 'broken'), AUTO)), 'broken');
});

test('a manual quarantine is not lifted by detection changes other than recovery', () => {
  let r = quarantineTest(newRecord('t'), { reason: 'x', owner: '', by: 'alice' }, T0);
  r = applyDetection(r, change('flaky', T0 + 1, 'flips'), { ...AUTO, autoRelease: true });
  assert.equal(effectiveState(r), 'quarantined');
  assert.equal(r.detected, 'flaky');
});

test('end to end: evaluator changes replayed into the quarantine model', () => {
  const h = history('t', ['P', 'FP', 'P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', 'P'], DAY);
  const ev = evaluateTest(resolveMonitorConfig({ recoveryDays: 5, passOnRetry: { minOccurrences: 1 } }), h, T0 + 11 * DAY);
  const r = applyDetections(newRecord('t'), ev.changes, AUTO, T0 + 11 * DAY);
  assert.deepEqual(r.history.map((x) => [x.to, x.reason]), [['flaky', 'pass_on_retry'], ['quarantined', 'quarantined'], ['quarantined', 'recovered'], ['healthy', 'auto_released']]);
  assert.equal(effectiveState(r), 'healthy');
});
