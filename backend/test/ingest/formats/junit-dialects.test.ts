/**
 * One short, realistic report per JUnit dialect, modelled on what each tool
 * emits. Each test checks counts plus the dialect's peculiarity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../../src/ingest/formats/index.ts';
import { byName, counts, parseSample } from './helpers.ts';

test('Maven Surefire: JVM system properties are report properties, not labels', () => {
  const r = parseSample('junit/surefire.xml');
  assert.equal(r.format, 'junit');
  assert.deepEqual(counts(r), { passed: 2, failed: 3, skipped: 1 });
  assert.equal(r.properties?.['java.version'], '17.0.9');
  assert.ok(r.cases.every((c) => c.labels === undefined));
  assert.equal(r.durationMs, 1_234_500, 'time="1,234.5" is 1234.5 s');
  const err = byName(r, 'parsesCurrency');
  assert.equal(err.status, 'error');
  assert.equal(err.error?.type, 'java.lang.NumberFormatException');
  assert.equal(err.error?.message, 'For input string: "12,x"');
  assert.match(err.error?.stack ?? '', /Integer\.parseInt/);
  assert.equal(byName(r, 'appliesDiscount').stdout, 'discount rule loaded: TEN_PERCENT');
  assert.equal(byName(r, 'exportsPdf').error?.message, 'PDF export disabled on CI');
});

test('Gradle: suite-level output is attached to failing tests only; zone-less timestamp is UTC', () => {
  const r = parseSample('junit/gradle.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(r.startedAt?.toISOString(), '2024-05-02T09:14:03.000Z');
  const failed = byName(r, 'greetsInFrench()');
  assert.equal(failed.stdout, 'Greeter initialised with locale fr');
  assert.equal(failed.stderr, 'WARNING: locale data missing');
  assert.equal(byName(r, 'greetsByName()').stdout, undefined);
  assert.equal(byName(r, 'greetsInKlingon()').stdout, undefined);
  assert.equal(failed.error?.message, 'org.opentest4j.AssertionFailedError: expected: <Bonjour> but was: <Hello>');
});

test('TestNG JUnitReportReporter: "… UTC" timestamps, CDATA indentation is not part of the stack', () => {
  const r = parseSample('junit/testng.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(r.startedAt?.toISOString(), '2024-02-11T08:01:22.000Z');
  assert.match(byName(r, 'parsesWildcard').error?.stack ?? '', /^java\.lang\.AssertionError: expected \[foo\*\]/);
});

test('jest-junit: failure body only, message and type come from its first line', () => {
  const r = parseSample('junit/jest-junit.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'math utils divides');
  assert.equal(f.suite, 'math utils');
  assert.equal(f.error?.type, 'Error');
  assert.equal(f.error?.message, 'Error: expect(received).toBe(expected) // Object.is equality');
  assert.match(f.error?.stack ?? '', /Received: 3/);
});

test('pytest: record_property and suite properties become labels; error vs failure; skip reason', () => {
  const r = parseSample('junit/pytest.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 2, skipped: 1 });
  assert.deepEqual({ ...byName(r, 'test_health').labels }, { ci_job: 'unit-py311', jira: 'API-12' });
  const f = byName(r, 'test_create_user[admin]');
  assert.equal(f.status, 'failed');
  assert.equal(f.className, 'tests.test_api');
  assert.equal(f.error?.type, 'AssertionError', 'taken from the "file:line: AssertionError" tail');
  assert.match(f.error?.message ?? '', /^assert 201 == 200/);
  assert.match(f.stdout ?? '', /created user 7/);
  const e = byName(r, 'test_db');
  assert.equal(e.status, 'error');
  assert.equal(e.error?.type, 'ValueError');
  assert.deepEqual(byName(r, 'test_upload').error, { type: 'pytest.skip', message: 'needs network' });
});

test('python unittest xmlrunner: timestamp suffix dropped from the suite; file and per-case timestamps kept', () => {
  const r = parseSample('junit/xmlrunner.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'test_sub');
  assert.equal(f.suite, 'tests.test_calc.CalcTest');
  assert.equal(f.file, 'tests/test_calc.py');
  assert.equal(f.startedAt?.toISOString(), '2024-06-01T12:00:01.000Z');
  assert.deepEqual({ type: f.error?.type, message: f.error?.message }, { type: 'AssertionError', message: '3 != 4' });
});

test('go-junit-report: placeholder messages "Failed"/"Skipped" replaced by the real output line', () => {
  const r = parseSample('junit/go-junit-report.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(byName(r, 'TestDiv').error?.message, 'calc_test.go:21: expected 2, got 3');
  assert.equal(byName(r, 'TestNet').error?.message, 'calc_test.go:30: no network');
  assert.equal(byName(r, 'TestAdd').labels?.['go.version'], 'go1.22.3 linux/amd64');
});

test('gotestsum: subtests are tests; go framing lines are not the message', () => {
  const r = parseSample('junit/gotestsum.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 2, skipped: 1 });
  assert.equal(byName(r, 'TestTable/zero').error?.message, 'calc_test.go:40: division by zero');
  assert.equal(byName(r, 'TestSlow').error?.message, 'calc_test.go:50: short mode');
});

test('PHPUnit: nested suites, data-provider suite folds into the class, file attrs, header line skipped', () => {
  const r = parseSample('junit/phpunit.xml');
  assert.deepEqual(counts(r), { passed: 2, failed: 1, skipped: 1 });
  assert.ok(r.cases.every((c) => c.suite === 'App\\Tests\\Unit\\CartTest'));
  assert.ok(r.cases.every((c) => c.file === '/app/tests/Unit/CartTest.php'));
  const f = byName(r, 'testDiscount with data set "ten percent"');
  assert.equal(f.className, 'App.Tests.Unit.CartTest');
  assert.equal(f.error?.type, 'PHPUnit\\Framework\\ExpectationFailedException');
  assert.equal(f.error?.message, 'Failed asserting that 100 is identical to 90.');
});

test('Karma: browser suite, browser properties become labels', () => {
  const r = parseSample('junit/karma.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'AppComponent should render title');
  assert.equal(f.suite, 'Chrome Headless 120.0.6099.109 (Linux x86_64)');
  assert.match(f.labels?.['browser.fullName'] ?? '', /HeadlessChrome/);
  assert.equal(f.error?.type, 'Error', 'empty type="" falls back to the stack');
  assert.equal(byName(r, 'AppComponent should create the app').stdout, undefined, 'blank CDATA output is no output');
});

test('mocha-junit-reporter: empty Root Suite ignored, file inherited from the suite', () => {
  const r = parseSample('junit/mocha-junit-reporter.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'API rejects bad input');
  assert.equal(f.suite, 'API');
  assert.equal(f.file, 'test/api.spec.js');
  assert.deepEqual(
    { type: f.error?.type, message: f.error?.message },
    { type: 'AssertionError', message: 'expected 400 to equal 422' },
  );
});

test('vitest: per-case system-out, entity-decoded names', () => {
  const r = parseSample('junit/vitest.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(byName(r, 'sum > adds').stdout, 'adding 1 + 1');
  assert.equal(byName(r, 'sum > negatives').error?.type, 'AssertionError');
});

test('node:test junit reporter: cases directly under <testsuites>, todo is skipped, multi-line message', () => {
  const r = parseSample('junit/node-test.xml');
  assert.deepEqual(counts(r), { passed: 2, failed: 1, skipped: 1 });
  assert.equal(byName(r, 'top level smoke').suite, 'test', 'falls back to the classname');
  assert.equal(byName(r, 'adds').durationMs, 0.512);
  const f = byName(r, 'divides');
  assert.equal(f.error?.type, 'testCodeFailure');
  assert.equal(f.error?.message, 'Expected values to be strictly equal:\n\n2 !== 3');
  assert.deepEqual(byName(r, 'later').error, { type: 'todo', message: 'write it' });
});

test('Playwright: annotations as properties give labels and owner; attachments stay in stdout', () => {
  const r = parseSample('junit/playwright.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'login › rejects bad password');
  assert.equal(f.owner, 'team-auth');
  assert.equal(f.labels?.issue, 'AUTH-231');
  assert.equal(f.durationMs, 5900);
  assert.match(f.stdout ?? '', /\[\[ATTACHMENT\|/);
  assert.match(f.error?.stack ?? '', /Timed out 5000ms/);
});

test('Nette Tester: unnamed suite, message-only failures', () => {
  const r = parseSample('junit/nette-tester.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'tests/Order.phpt');
  assert.equal(f.suite, 'tests/Order.phpt');
  assert.match(f.error?.message ?? '', /^Failed: 10 should be 9/);
});

test('xcpretty: single-quoted attributes, location as failure body', () => {
  const r = parseSample('junit/xcpretty.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'testDivision');
  assert.equal(f.error?.message, 'XCTAssertEqual failed: ("2") is not equal to ("3")');
  assert.equal(f.error?.stack, '/Users/runner/work/App/AppTests/CalculatorTests.swift:24');
});

test('xcresult → JUnit converters and SwiftPM xunit output', () => {
  const x = parseSample('junit/xcresult.xml');
  assert.deepEqual(counts(x), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(byName(x, 'testBiometrics()').error?.message, 'Test skipped - Face ID unavailable in simulator');
  const s = parseSample('junit/swiftpm-xunit.xml');
  assert.deepEqual(counts(s), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(byName(s, 'testNumbers').error?.message, 'failed', 'a bare placeholder is still better than nothing');
});

test('googletest: status="notrun" is skipped, several <failure> elements are one failed test', () => {
  const r = parseSample('junit/googletest.xml');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'Resize');
  assert.match(f.error?.stack ?? '', /vector_test\.cc:21[\s\S]*vector_test\.cc:22/);
  assert.equal(f.error?.message, '/src/vector_test.cc:21\nExpected equality of these values:\n  v.size()\n    Which is: 3\n  4');
  assert.equal(f.file, '/src/vector_test.cc');
});

test('CTest --output-junit: status attributes, output in the case, "Failed" placeholder kept when nothing better', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux-c++" tests="3" failures="1" disabled="1" skipped="0" hostname="" time="0" timestamp="2024-06-01T12:00:00">
  <testcase name="parser_test" classname="parser_test" time="0.012" status="run"><system-out>All tests passed</system-out></testcase>
  <testcase name="lexer_test" classname="lexer_test" time="0.020" status="fail"><failure message="Failed"/><system-out>lexer_test.cpp:14: FAILED: REQUIRE( tokens.size() == 3 )</system-out></testcase>
  <testcase name="slow_test" classname="slow_test" time="0" status="disabled"><skipped message="Disabled"/><system-out/></testcase>
</testsuite>`;
  const r = parseReport(Buffer.from(xml));
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'lexer_test');
  assert.equal(f.error?.message, 'Failed');
  assert.match(f.stdout ?? '', /REQUIRE\( tokens\.size\(\) == 3 \)/);
  assert.deepEqual(byName(r, 'slow_test').error, { message: 'Disabled' });
});
