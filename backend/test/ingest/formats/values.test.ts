/** Value readers: durations, timestamps, exception types. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorTypeFrom, errorTypeFromTail, parseTimestamp, secondsToMs } from '../../../src/ingest/formats/values.ts';
import { dotnetDurationMs } from '../../../src/ingest/formats/trx.ts';

test('seconds → ms in the forms runners write', () => {
  assert.equal(secondsToMs('1.5'), 1500);
  assert.equal(secondsToMs('0.000512'), 0.512);
  assert.equal(secondsToMs('1,234.5'), 1_234_500, 'grouping comma (Surefire, English locale)');
  assert.equal(secondsToMs('12,345,678'), 12_345_678_000);
  assert.equal(secondsToMs('0,5'), 500, 'decimal comma');
  assert.equal(secondsToMs('1.234,5'), 1_234_500, 'European grouping');
  assert.equal(secondsToMs('3s'), 3000);
  assert.equal(secondsToMs('12ms'), 12);
  assert.equal(secondsToMs('0.'), 0);
  assert.equal(secondsToMs(''), 0);
  assert.equal(secondsToMs('NaN'), 0);
  assert.equal(secondsToMs('-1'), 0);
  assert.equal(secondsToMs(undefined), 0);
});

test('.NET TimeSpan durations', () => {
  assert.equal(dotnetDurationMs('00:00:01.2340000'), 1234);
  assert.equal(dotnetDurationMs('00:01:00'), 60_000);
  assert.equal(dotnetDurationMs('1.02:00:00'), 26 * 3_600_000);
  assert.equal(dotnetDurationMs('garbage'), 0);
});

test('timestamps: zone-less is UTC, " UTC" suffix, space separator, epoch-zero ignored', () => {
  assert.equal(parseTimestamp('2021-03-07T10:36:56')?.toISOString(), '2021-03-07T10:36:56.000Z');
  assert.equal(parseTimestamp('2021-03-07T10:36:56 UTC')?.toISOString(), '2021-03-07T10:36:56.000Z');
  assert.equal(parseTimestamp('2021-06-28 20:23:41Z')?.toISOString(), '2021-06-28T20:23:41.000Z');
  assert.equal(parseTimestamp('2021-04-20T08:31:32.9669698+02:00')?.toISOString(), '2021-04-20T06:31:32.966Z');
  assert.equal(parseTimestamp('1970-01-01T00:00:00'), undefined, 'jest-junit placeholder');
  assert.equal(parseTimestamp('yesterday'), undefined);
});

test('exception types from message or stack heads', () => {
  assert.equal(errorTypeFrom('java.lang.AssertionError: expected'), 'java.lang.AssertionError');
  assert.equal(errorTypeFrom('System.InvalidOperationException : boom'), 'System.InvalidOperationException');
  assert.equal(errorTypeFrom('AssertionError [ERR_ASSERTION]: x'), 'AssertionError');
  assert.equal(errorTypeFrom('\n  TypeError: x is not a function'), 'TypeError');
  assert.equal(errorTypeFrom('Expected: 2'), undefined, 'a label is not an exception');
  assert.equal(errorTypeFrom('calc_test.go:19: expected 3'), undefined);
  assert.equal(errorTypeFromTail('...\n\ntests/test_lib.py:25: AssertionError'), 'AssertionError');
  assert.equal(errorTypeFromTail('no location here'), undefined);
});
