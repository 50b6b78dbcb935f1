/**
 * Surefire retry elements: flaky* are earlier failed runs of a test that
 * finally passed; rerun* are reruns after a failure that kept failing. One
 * <testcase> is always one result, counted by its final attempt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../../src/ingest/formats/index.ts';
import { byName, parseSample } from './helpers.ts';

test('flakyFailure/flakyError: final status passed, each earlier run is a retry with its own error and output', () => {
  const tc = byName(parseSample('junit/surefire.xml'), 'sendsReminder');
  assert.equal(tc.status, 'passed');
  assert.equal(tc.error, undefined);
  assert.equal(tc.durationMs, 51);
  assert.deepEqual(
    tc.retries?.map((a) => [a.status, a.error?.type, a.error?.message]),
    [
      ['failed', 'java.net.ConnectException', 'Connection refused'],
      ['error', 'java.net.SocketTimeoutException', 'Read timed out'],
    ],
  );
  assert.equal(tc.retries?.[0]?.stdout, 'attempt 1: smtp not ready');
  assert.match(tc.retries?.[0]?.error?.stack ?? '', /MailClient\.send/);
});

test('rerunFailure/rerunError: the <failure> is the first attempt, the last rerun is final', () => {
  const tc = byName(parseSample('junit/surefire.xml'), 'archivesInvoice');
  assert.equal(tc.status, 'error', 'the final rerun was a rerunError');
  assert.equal(tc.error?.message, 'archive unreachable (rerun 2)');
  assert.deepEqual(
    tc.retries?.map((a) => [a.status, a.durationMs, a.error?.message]),
    [
      ['failed', 0, 'archive full'],
      ['failed', 11, 'archive full (rerun 1)'],
    ],
  );
  assert.equal(tc.stderr, 'disk offline', 'the final rerun\'s own output');
});

test('two <testcase> entries with the same name are two results, retries stay inside their entry', () => {
  const xml = `<testsuite name="S">
    <testcase classname="S" name="t" time="0.1"><skipped/></testcase>
    <testcase classname="S" name="t" time="0.2"><failure message="boom"/></testcase>
    <testcase classname="S" name="u" time="0.3"><flakyFailure message="once"/></testcase>
  </testsuite>`;
  const r = parseReport(Buffer.from(xml));
  assert.deepEqual(
    r.cases.map((c) => [c.name, c.status, c.retries?.length ?? 0]),
    [
      ['t', 'skipped', 0],
      ['t', 'failed', 0],
      ['u', 'passed', 1],
    ],
  );
});

test('repeated property names keep distinct non-empty values (Playwright annotations)', () => {
  const xml = `<testsuite name="s"><testcase name="t"><properties>
    <property name="slow" value=""/><property name="slow" value=""/>
    <property name="tag" value="@smoke"/><property name="tag" value="@auth"/><property name="tag" value="@smoke"/>
  </properties></testcase></testsuite>`;
  const labels = parseReport(Buffer.from(xml)).cases[0]?.labels;
  assert.deepEqual({ ...labels }, { slow: '', tag: '@smoke,@auth' });
});
