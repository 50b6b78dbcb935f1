/** TRX (Visual Studio / dotnet test) and NUnit 2/3 result files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../../src/ingest/formats/index.ts';
import { byName, counts, parseSample, statuses } from './helpers.ts';

test('TRX: outcomes, class names from TestDefinitions, data rows, duration, run times', () => {
  const r = parseSample('mstest.trx');
  assert.equal(r.format, 'trx');
  assert.deepEqual(counts(r), { passed: 3, failed: 4, skipped: 1 });
  assert.equal(r.startedAt?.toISOString(), '2024-06-01T12:00:00.500Z');
  assert.equal(r.durationMs, 2250);
  const add = byName(r, 'Add_ReturnsSum');
  assert.equal(add.className, 'Acme.Calc.Tests.CalculatorTests', 'assembly qualification dropped');
  assert.equal(add.suite, 'Acme.Calc.Tests.CalculatorTests');
  assert.equal(add.durationMs, 12.346);
  assert.equal(add.stdout, 'adding 2 and 3');
  assert.equal(add.owner, 'team-math');
  assert.deepEqual({ ...add.labels }, { category: 'Fast,Smoke' });
  // The data-driven parent is only a summary: its rows are the tests.
  assert.equal(r.cases.filter((c) => c.name.startsWith('IsEven')).length, 2);
  assert.equal(byName(r, 'IsEven (3)').error?.message, 'Assert.IsTrue failed. 3 is odd');
  assert.equal(byName(r, 'Report_Generates').status, 'error', 'Timeout');
  assert.equal(byName(r, 'Report_Generates').durationMs, 30_000);
  assert.equal(byName(r, 'Export_ToPdf').error?.message, 'Ignored: PDF renderer not installed');
});

test('TRX: ErrorInfo gives message, stack and the exception type; CRLF normalised', () => {
  const e = byName(parseSample('mstest.trx'), 'Divide_ByZero_Throws').error;
  assert.equal(e?.type, 'System.DivideByZeroException');
  assert.match(e?.message ?? '', /threw exception: \nSystem\.DivideByZeroException: Attempted to divide by zero\.$/);
  assert.equal(e?.stack?.includes('\r'), false);
  assert.match(e?.stack ?? '', /Calculator\.cs:line 14\n/);
});

test('TRX: a result repeated with the same testId and name is its own entry (no guessing at retries)', () => {
  const r = parseSample('mstest.trx');
  const runs = r.cases.filter((c) => c.name === 'Fetch_Rates');
  assert.deepEqual(
    runs.map((c) => [c.status, c.durationMs, c.error?.type, c.stderr, c.retries]),
    [
      ['failed', 200, 'System.Net.Http.HttpRequestException', 'socket closed', undefined],
      ['passed', 100, undefined, undefined, undefined],
    ],
  );
  assert.equal(runs[1]?.labels?.Flaky, 'network');
});

test('NUnit 3: results, labels (Error → error), parameterized cases under their fixture, properties', () => {
  const r = parseSample('nunit3.xml');
  assert.equal(r.format, 'nunit');
  assert.deepEqual(counts(r), { passed: 2, failed: 2, skipped: 1 });
  assert.equal(r.startedAt?.toISOString(), '2024-06-01T12:00:00.000Z');
  assert.equal(r.durationMs, 1250);
  assert.ok(r.cases.every((c) => c.suite === 'Shop.BasketTests'));
  const total = byName(r, 'Total(2,25)');
  assert.equal(total.status, 'failed');
  assert.equal(total.error?.message, 'Expected: 25\n  But was:  20');
  assert.match(total.error?.stack ?? '', /BasketTests\.cs:line 31/);
  assert.deepEqual({ ...total.labels }, { Category: 'Pricing', Author: 'ana' });
  const checkout = byName(r, 'Checkout');
  assert.equal(checkout.status, 'error');
  assert.equal(checkout.error?.type, 'System.InvalidOperationException');
  const refund = byName(r, 'Refund');
  assert.deepEqual(refund.error, { message: 'refunds not implemented' });
  assert.equal(refund.labels?._SKIPREASON, undefined, 'NUnit-internal properties are not labels');
  assert.equal(byName(r, 'AddsItem').stdout, 'basket created');
  assert.equal(byName(r, 'AddsItem').durationMs, 10);
});

test('NUnit 2: result attribute, class from the dotted name, categories, date+time start', () => {
  const r = parseSample('nunit2.xml');
  assert.equal(r.format, 'nunit');
  assert.deepEqual(counts(r), { passed: 1, failed: 2, skipped: 1 });
  assert.equal(r.startedAt?.toISOString(), '2019-03-04T10:15:30.000Z');
  const dates = byName(r, 'ParsesDates("2019-01-01")');
  assert.equal(dates.className, 'Legacy.ParserTests');
  assert.equal(dates.labels?.category, 'Parsing');
  assert.equal(byName(r, 'ParsesNull').status, 'error');
  assert.deepEqual(byName(r, 'ParsesXml').error, { message: 'xml support dropped' });
});

test('NUnit: Inconclusive ran and did not fail (counted with passes), Warning passes, Explicit/Ignored skip', () => {
  const xml = `<test-run><test-suite type="TestFixture" name="F" fullname="Ns.F">
    <test-case name="A" classname="Ns.F" result="Inconclusive"/>
    <test-case name="B" classname="Ns.F" result="Warning"/>
    <test-case name="C" classname="Ns.F" result="Skipped" label="Explicit"/>
    <test-case name="D" classname="Ns.F" result="Failed" label="Cancelled"/>
    <test-case name="E" classname="Ns.F" result="Failed" label="Test exceeded Timeout value 100ms."/>
  </test-suite></test-run>`;
  assert.deepEqual(statuses(parseReport(Buffer.from(xml))), ['A=passed', 'B=passed', 'C=skipped', 'D=error', 'E=failed']);
});
