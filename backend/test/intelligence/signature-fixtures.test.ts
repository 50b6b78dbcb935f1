/**
 * Signatures of real failures: the same failure seen by two runners, or on
 * two machines, shares a signature; different failures do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSignature } from '../../src/intelligence/signature/index.ts';
import { failingCase, failingCases } from './fixtures.ts';

const sig = (file: string, name: string) => computeSignature(failingCase(file, name).error!);

test('every failing fixture case gets a 16-hex signature and a non-empty normalized text', () => {
  const files = ['junit/jest-junit.xml', 'junit/jest-test-errors.xml', 'junit/pytest.xml', 'junit/surefire-pulsar-single.xml',
    'junit/junit4-complete.xml', 'trx/dotnet-trx.trx', 'nunit/dotnet-nunit.xml', 'gotest-json/golang-json.json',
    'mocha-json/mocha-json.json', 'rspec-json/rspec-json.json', 'dart-json/dart-json.json'];
  let n = 0;
  for (const file of files) {
    for (const c of failingCases(file)) {
      const s = computeSignature(c.error!);
      assert.match(s.signature, /^[0-9a-f]{16}$/, `${file} ${c.name}`);
      assert.ok(s.normalized.length > 0, `${file} ${c.name}`);
      n++;
    }
  }
  assert.ok(n >= 25, `expected many real failures, got ${n}`);
});

test('one failure reported by jest (Windows paths) and mocha (relative paths) has one signature', () => {
  const jest = sig('junit/jest-junit.xml', 'Exception in target unit');
  const mocha = sig('mocha-json/mocha-json.json', 'Exception in target unit');
  assert.equal(jest.signature, mocha.signature);
  assert.equal(jest.frame, 'Object.throwError (main.js)');
});

test('one .NET failure in TRX and NUnit output (different paths) has one signature', () => {
  const trx = sig('trx/dotnet-trx.trx', 'DotnetTests.XUnitTests.CalculatorTests.Exception_In_TargetTest');
  const nunit = sig('nunit/dotnet-nunit.xml', 'Exception_In_TargetTest');
  assert.equal(trx.signature, nunit.signature);
  assert.equal(trx.normalized, 'Attempted to divide by zero.');
  assert.equal(trx.frame, 'DotnetTests.Unit.Calculator.Div (Calculator.cs)');
});

test('the same compile error in two jest suites groups together, and keeps its error code', () => {
  const foo = sig('junit/jest-test-errors.xml', 'libs/foo.spec.ts');
  const bar = sig('junit/jest-test-errors.xml', 'libs/bar.spec.ts');
  assert.equal(foo.signature, bar.signature);
  assert.match(foo.normalized, /error TS6258/);
});

test('different failures get different signatures', () => {
  const distinct = [
    sig('mocha-json/mocha-json.json', 'Exception in target unit'),
    sig('mocha-json/mocha-json.json', 'Exception in test'), // same message, thrown elsewhere
    sig('mocha-json/mocha-json.json', 'Failing test'),
    sig('mocha-json/mocha-json.json', 'Timeout test'),
    sig('trx/dotnet-trx.trx', 'DotnetTests.XUnitTests.CalculatorTests.Failing_Test'),
    sig('trx/dotnet-trx.trx', 'DotnetTests.XUnitTests.CalculatorTests.Is_Even_Number(i: 3)'),
    sig('junit/pytest.xml', 'test_always_fail'),
    sig('junit/pytest.xml', 'test_error'),
    sig('junit/surefire-pulsar-single.xml', 'testVersionStrings'),
    sig('rspec-json/rspec-json.json', 'fails in assertion'),
    sig('dart-json/dart-json.json', 'Test 1 Test 1.1 Exception in target unit'),
    sig('gotest-json/golang-json.json', 'TestPanicInsideFunction'),
    sig('gotest-json/golang-json.json', 'TestPanicInsideTest'),
  ].map((s) => s.signature);
  assert.equal(new Set(distinct).size, distinct.length);
});

test('the same Java failure with other version numbers, line numbers and paths keeps its signature', () => {
  const real = failingCase('junit/surefire-pulsar-single.xml', 'testVersionStrings').error!;
  const variant = {
    type: real.type,
    message: real.message!.replace('1.2.1', '3.10.7').replace('1.2.0', '3.10.6'),
    stack: real.stack!.replace(/\.java:\d+/g, '.java:4242').replace('1.2.1', '3.10.7'),
  };
  assert.equal(computeSignature(variant).signature, computeSignature(real).signature);
  assert.equal(computeSignature(real).frame, 'org.apache.pulsar.AddMissingPatchVersionTest.testVersionStrings (AddMissingPatchVersionTest.java)');
});

test('the same jest failure on another machine (user dir, line:col) keeps its signature', () => {
  const real = failingCase('junit/jest-junit.xml', 'Failing test').error!;
  const moved = {
    ...real,
    stack: real.stack!.replaceAll('C:\\Users\\Michal\\', 'C:\\Users\\runneradmin\\').replace(':10:21', ':12:5'),
  };
  assert.equal(computeSignature(moved).signature, computeSignature(real).signature);
});

test('timeouts with different limits are one failure (mocha, dart)', () => {
  const mocha = failingCase('mocha-json/mocha-json.json', 'Timeout test').error!;
  const slower = { ...mocha, message: mocha.message!.replace('1ms', '2000ms'), stack: mocha.stack!.replace('1ms', '2000ms').replace(/:\d+:\d+/g, ':1:1') };
  assert.equal(computeSignature(slower).signature, computeSignature(mocha).signature);
  const dart = failingCase('dart-json/dart-json.json', 'Timeout test').error!;
  const dart30 = { ...dart, message: dart.message!.replace('0:00:00.000001', '0:00:30.000000').replace('0 seconds', '30 seconds') };
  assert.equal(computeSignature(dart30).signature, computeSignature(dart).signature);
});

test('the rspec mock failure ignores the object address', () => {
  const real = failingCase('rspec-json/rspec-json.json', 'fails in assertion').error!;
  const other = { ...real, message: real.message!.replace('0x00007f1007fedf58', '0x00007f22aa11bc40') };
  assert.equal(computeSignature(other).signature, computeSignature(real).signature);
  assert.equal(computeSignature(real).frame, 'call (check_env_vars.rb)'); // gem frames skipped
});
