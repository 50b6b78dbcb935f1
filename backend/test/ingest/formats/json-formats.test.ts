/** go test -json, Mocha JSON, RSpec JSON, Dart/Flutter JSON. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../../src/ingest/formats/index.ts';
import { byName, counts, parseSample, statuses } from './helpers.ts';

test('go test -json: subtests, parallel pause/cont, output as stdout and error, chatter lines ignored', () => {
  const r = parseSample('gotest.ndjson');
  assert.equal(r.format, 'gotest-json');
  assert.deepEqual(statuses(r), [
    'TestTotal=failed',
    'TestTotal/empty=passed',
    'TestTotal/discount=failed',
    'TestFlakyClock=passed',
    'TestIntegration=skipped',
    'TestCharge=error',
  ]);
  const d = byName(r, 'TestTotal/discount');
  assert.equal(d.suite, 'github.com/acme/shop/cart');
  assert.equal(d.durationMs, 2);
  assert.equal(d.error?.message, 'cart_test.go:31: total = 90, want 85');
  assert.equal(d.stdout, '    cart_test.go:31: total = 90, want 85\n    cart_test.go:32: discount rule: TEN');
  assert.equal(byName(r, 'TestIntegration').error?.message, 'cart_test.go:50: skipping integration test in short mode');
  assert.equal(r.startedAt?.toISOString(), '2024-06-01T12:00:00.000Z');
});

test('go test -json: a test run twice keeps the last run and the first as a retry', () => {
  const tc = byName(parseSample('gotest.ndjson'), 'TestFlakyClock');
  assert.equal(tc.status, 'passed');
  assert.equal(tc.durationMs, 20);
  assert.equal(tc.retries?.length, 1);
  assert.equal(tc.retries?.[0]?.status, 'failed');
  assert.equal(tc.retries?.[0]?.durationMs, 10);
  assert.equal(tc.retries?.[0]?.error?.message, 'clock_test.go:12: tick came late: 12ms');
});

test('go test -json: a test cut off by a panic is an error; a build failure is a report property', () => {
  const r = parseSample('gotest.ndjson');
  const tc = byName(r, 'TestCharge');
  assert.equal(tc.error?.type, 'panic');
  assert.match(tc.error?.message ?? '', /^panic: runtime error: invalid memory address/);
  assert.equal(r.properties?.['go.failed_packages'], 'github.com/acme/shop/broken');
});

test('go test -json -bench: result lines (even split across events) become perf samples', () => {
  const pkg = 'github.com/acme/parse';
  const ev = (o: Record<string, unknown>) => JSON.stringify({ Time: '2024-06-01T12:00:00Z', Package: pkg, ...o });
  const lines = [
    ev({ Action: 'start' }),
    ev({ Action: 'run', Test: 'BenchmarkParse' }),
    ev({ Action: 'output', Test: 'BenchmarkParse', Output: '=== RUN   BenchmarkParse\n' }),
    ev({ Action: 'output', Output: 'BenchmarkParse-8   \t' }),
    ev({ Action: 'output', Test: 'BenchmarkParse', Output: ' 120000\t      9876 ns/op\t     512 B/op\t       7 allocs/op\n' }),
    ev({ Action: 'pass', Test: 'BenchmarkParse', Elapsed: 1.3 }),
    ev({ Action: 'output', Output: 'BenchmarkSmall   \t 5000000\t       0.25 ns/op\t 4000.5 MB/s\n' }),
    ev({ Action: 'pass', Elapsed: 2.1 }),
  ];
  const r = parseReport(Buffer.from(lines.join('\n')));
  assert.deepEqual(
    r.perf?.map((p) => [p.testName, p.metric, p.value, p.unit, p.labels?.procs]),
    [
      ['BenchmarkParse', 'iterations', 120000, undefined, '8'],
      ['BenchmarkParse', 'time_per_op', 9876, 'ns', '8'],
      ['BenchmarkParse', 'bytes_per_op', 512, 'B', '8'],
      ['BenchmarkParse', 'allocs_per_op', 7, 'allocs', '8'],
      ['BenchmarkSmall', 'iterations', 5000000, undefined, undefined],
      ['BenchmarkSmall', 'time_per_op', 0.25, 'ns', undefined],
      ['BenchmarkSmall', 'throughput', 4000.5, 'MB/s', undefined],
    ],
  );
  assert.ok(r.perf?.every((p) => p.suite === pkg));
  assert.deepEqual(statuses(r), ['BenchmarkParse=passed']);
});

test('Mocha JSON: pending is skipped, hook failures are errors, currentRetry gives failed attempts', () => {
  const r = parseSample('mocha.json');
  assert.equal(r.format, 'mocha-json');
  assert.deepEqual(counts(r), { passed: 2, failed: 2, skipped: 1 });
  const f = byName(r, 'rejects an empty basket');
  assert.equal(f.suite, 'Orders API');
  assert.equal(f.file, '/app/test/orders.spec.js');
  assert.equal(f.error?.type, 'AssertionError');
  assert.equal(f.error?.message, 'Expected values to be strictly equal:\n\n400 !== 422');
  const hook = byName(r, '"before all" hook for "lists invoices"');
  assert.equal(hook.status, 'error');
  assert.equal(hook.suite, 'Invoices');
  assert.equal(hook.error?.type, 'Error');
  const retried = byName(r, 'retries the payment');
  assert.equal(retried.suite, 'Orders API payments');
  assert.deepEqual(retried.retries, [
    { status: 'failed', durationMs: 0 },
    { status: 'failed', durationMs: 0 },
  ]);
  assert.equal(r.durationMs, 250);
});

test('RSpec JSON: example groups, exception class/message/backtrace, pending message, outside errors', () => {
  const r = parseSample('rspec.json');
  assert.equal(r.format, 'rspec-json');
  assert.deepEqual(counts(r), { passed: 1, failed: 1, skipped: 1 });
  const f = byName(r, 'rejects a blank name');
  assert.equal(f.suite, 'User validations');
  assert.equal(f.file, './spec/models/user_spec.rb');
  assert.equal(f.durationMs, 4);
  assert.deepEqual(f.error?.type, 'RSpec::Expectations::ExpectationNotMetError');
  assert.equal(f.error?.message, 'expected #<User id: nil> not to be valid');
  assert.match(f.error?.stack ?? '', /^\.\/spec\/models\/user_spec\.rb:10/);
  assert.deepEqual(byName(r, 'sends a welcome mail').error, { message: 'Temporarily skipped with xit' });
  assert.equal(r.properties?.['rspec.errors_outside_of_examples'], '1');
  assert.match(r.properties?.['rspec.messages'] ?? '', /LoadError/);
});

test('Dart JSON: hidden and loading tests excluded, load failures noted, print/skip/error events', () => {
  const r = parseSample('dart.ndjson');
  assert.equal(r.format, 'dart-json');
  assert.deepEqual(statuses(r), [
    'Cart adds items=passed',
    'Cart computes total=failed',
    'Cart checks out=error',
    'Cart applies coupons=skipped',
  ]);
  assert.equal(r.properties?.['dart.load_failures'], 'test/broken_test.dart: Failed to load "test/broken_test.dart":');
  const add = byName(r, 'Cart adds items');
  assert.equal(add.stdout, 'cart has 2 items');
  assert.equal(add.durationMs, 19);
  assert.equal(add.file, 'test/cart_test.dart');
  const total = byName(r, 'Cart computes total');
  assert.deepEqual([total.error?.type, total.error?.message], ['TestFailure', 'Expected: <25>']);
  assert.match(total.error?.stack ?? '', /Actual: <20>[\s\S]*cart_test\.dart 17:7/);
  assert.equal(byName(r, 'Cart checks out').error?.type, 'StateError');
  const skipped = byName(r, 'Cart applies coupons');
  assert.deepEqual(skipped.error, { message: 'coupons land in v2' });
  assert.equal(skipped.stdout, undefined);
});

test('Dart JSON: an error after testDone fails the test, and un-hides a hidden one', () => {
  const events = [
    { protocolVersion: '0.1.1', type: 'start', time: 0 },
    { suite: { id: 0, platform: 'vm', path: 'test/a_test.dart' }, type: 'suite', time: 0 },
    { test: { id: 1, name: 'late async error', suiteID: 0, groupIDs: [], metadata: { skip: false } }, type: 'testStart', time: 1 },
    { testID: 1, result: 'success', skipped: false, hidden: false, type: 'testDone', time: 5 },
    { test: { id: 2, name: '(tearDownAll)', suiteID: 0, groupIDs: [], metadata: { skip: false } }, type: 'testStart', time: 6 },
    { testID: 2, result: 'success', skipped: false, hidden: true, type: 'testDone', time: 7 },
    { testID: 1, error: 'Bad state: stream closed', stackTrace: 'a.dart 1:1', isFailure: false, type: 'error', time: 8 },
    { testID: 2, error: 'Expected: true', stackTrace: '', isFailure: true, type: 'error', time: 9 },
    { success: false, type: 'done', time: 10 },
  ];
  const r = parseReport(Buffer.from(events.map((e) => JSON.stringify(e)).join('\n')));
  assert.deepEqual(statuses(r), ['late async error=error', '(tearDownAll)=failed']);
  assert.equal(byName(r, 'late async error').error?.message, 'Bad state: stream closed');
});

test('go test -json: output arriving after a test finished stays with that run', () => {
  const ev = (o: Record<string, unknown>) => JSON.stringify({ Package: 'p', Test: 'TestA', ...o });
  const body = [
    ev({ Action: 'run' }),
    ev({ Action: 'fail', Elapsed: 0.1 }),
    ev({ Action: 'output', Output: '    a_test.go:9: late log line\n' }),
  ].join('\n');
  const r = parseReport(Buffer.from(body));
  assert.deepEqual(statuses(r), ['TestA=failed']);
  assert.equal(r.cases[0]?.retries, undefined);
  assert.equal(r.cases[0]?.stdout, '    a_test.go:9: late log line');
});

test('Flutter: the exception block replaces "See exception logs above"', () => {
  const events = [
    { suite: { id: 0, platform: 'vm', path: 'test/widget_test.dart' }, type: 'suite', time: 0 },
    { test: { id: 1, name: 'counter increments', suiteID: 0, groupIDs: [], metadata: { skip: false }, url: 'file:///app/test/widget_test.dart', line: 9 }, type: 'testStart', time: 1 },
    {
      testID: 1,
      messageType: 'print',
      message:
        '══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞════════════════════\nThe following TestFailure was thrown running a test:\nExpected: exactly one matching candidate\n\nWhen the exception was thrown, this was the stack:\n#4 main.<anonymous closure> (file:///app/test/widget_test.dart:20:5)',
      type: 'print',
      time: 5,
    },
    { testID: 1, error: 'Test failed. See exception logs above.\nThe test description was: counter increments', stackTrace: '', isFailure: false, type: 'error', time: 6 },
    { testID: 1, result: 'error', skipped: false, hidden: false, type: 'testDone', time: 7 },
  ];
  const r = parseReport(Buffer.from(events.map((e) => JSON.stringify(e)).join('\n')));
  assert.equal(r.cases[0]?.error?.message, 'The following TestFailure was thrown running a test:');
});

test('NDJSON with a single event line is still recognised', () => {
  const line = '{"Time":"2024-06-01T12:00:00Z","Action":"pass","Package":"p","Test":"TestA","Elapsed":0.5}';
  const r = parseReport(Buffer.from(line));
  assert.equal(r.format, 'gotest-json');
  assert.deepEqual(statuses(r), ['TestA=passed']);
  assert.equal(r.cases[0]?.durationMs, 500);
});
