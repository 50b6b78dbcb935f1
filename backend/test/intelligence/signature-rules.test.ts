import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSignature, compileRules, unsafeReason } from '../../src/intelligence/signature/index.ts';
import { AppError } from '../../src/errors/app-error.ts';

test('a matching tenant rule wins over the default grouping', () => {
  const rules = compileRules([
    { pattern: 'ECONNREFUSED .*:5432', signature: 'postgres-down' },
    { pattern: 'timeout', signature: 'any-timeout', flags: 'i' },
  ]);
  const a = computeSignature({ message: 'connect ECONNREFUSED 10.0.0.1:5432' }, rules);
  const b = computeSignature({ message: 'connect ECONNREFUSED 10.0.0.9:5432', stack: '    at Db.connect (/app/src/db.ts:3:1)' }, rules);
  assert.equal(a.signature, 'postgres-down');
  assert.equal(b.signature, 'postgres-down'); // different frame, same rule
  assert.equal(a.rule, 'postgres-down');
  assert.equal(computeSignature({ message: 'Request TIMEOUT after 5s' }, rules).signature, 'any-timeout');
  // No rule matches: the default hash.
  assert.match(computeSignature({ message: 'boom' }, rules).signature, /^[0-9a-f]{16}$/);
  // Uncompiled rules are accepted too.
  assert.equal(computeSignature({ message: 'x TIMEOUT' }, [{ pattern: 'timeout', signature: 't', flags: 'i' }]).signature, 't');
});

test('catastrophic and unsupported patterns are refused with a coded error', () => {
  for (const pattern of ['(a+)+$', '(a|aa)*b', '(\\w+\\s?)*$', '(x*y*)+', '((ab)+)+', '(.*a){12}', '(a)\\1', 'x'.repeat(201), '(?=a)b', '', '.*.*.*=.*']) {
    assert.ok(unsafeReason(pattern), `should refuse ${pattern}`);
    assert.throws(() => compileRules([{ pattern, signature: 's' }]), (err: unknown) => err instanceof AppError && err.code === 'VALIDATION_FAILED');
  }
  assert.throws(() => compileRules([{ pattern: '(unclosed', signature: 's' }]), AppError);
  assert.throws(() => compileRules([{ pattern: 'a', signature: 's', flags: 'g' }]), AppError);
  assert.throws(() => compileRules([{ pattern: 'a', signature: '' }]), AppError);
});

test('ordinary patterns are accepted', () => {
  for (const pattern of ['ECONNREFUSED', 'Timeout of \\d+ms exceeded', '^AssertionError: expected \\[.*\\]', '(foo|bar) failed', 'status (4|5)\\d\\d']) {
    assert.equal(unsafeReason(pattern), null, pattern);
  }
});

test('rule matching caps its input, so huge stacks cost bounded time', () => {
  const rules = compileRules([{ pattern: 'needle$', signature: 'n' }]);
  const huge = { message: 'x', stack: 'y'.repeat(200_000) + 'needle' };
  assert.notEqual(computeSignature(huge, rules).signature, 'n'); // beyond the cap: not seen
});
