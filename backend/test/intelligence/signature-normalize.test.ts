import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeText, MAX_NORMALIZED } from '../../src/intelligence/signature/normalize.ts';

const cases: Array<[string, string]> = [
  ['user 550e8400-e29b-41d4-a716-446655440000 missing', 'user <uuid> missing'],
  ['at 2024-03-01T10:22:33.123Z and 2025-12-31 23:59:59+02:00', 'at <ts> and <ts>'],
  ['since 12:01:02.345', 'since <time>'],
  ['open /tmp/jest_x1/db.sqlite failed', 'open <tmp> failed'],
  ['open /var/folders/zz/abc/T/x.db failed', 'open <tmp> failed'],
  ['open C:\\Users\\runner\\AppData\\Local\\Temp\\xyz\\a.db failed', 'open <tmp> failed'],
  ['at /home/alice/repo/src/a.ts', 'at ~/repo/src/a.ts'],
  ['mail bob.smith+ci@example.co.uk now', 'mail <email> now'],
  ['GET https://api.example.com/v1/users/42?x=1 -> 500', 'GET <url> -> <n>'],
  ['segfault at 0x7ffee3b8a9c0', 'segfault at <addr>'],
  ['commit 9fceb02d0ae598e95dc970b74767f19372d61af8 missing', 'commit <hex> missing'],
  ['connect ECONNREFUSED 10.1.2.3:5432', 'connect ECONNREFUSED <ip>:<port>'],
  ['redis.svc.local:6379 timed out', 'redis.svc.local:<port> timed out'],
  ['took 1532ms, limit 1.5 s', 'took <dur>, limit <dur>'],
  ['expected "alice" to equal \'bob\'', 'expected "<str>" to equal \'<str>\''],
  ['order_12345 and job-987 failed 3 times', 'order_<n> and job-<n> failed <n> times'],
  ['src/a.test.ts:10:21', 'src/a.test.ts:<n>:<n>'],
  ['in Foo.cs:line 67', 'in Foo.cs:line <n>'],
];

for (const [input, expected] of cases) {
  test(`normalizes: ${input.slice(0, 50)}`, () => assert.equal(normalizeText(input), expected));
}

test('keeps identifiers that contain digits (error codes, types)', () => {
  assert.equal(normalizeText('error TS6258 in Int32 utf8 sha256'), 'error TS6258 in Int32 utf8 sha256');
});

test('collapses whitespace, drops blank lines and caps the length', () => {
  assert.equal(normalizeText('a   b\r\n\r\n   c'), 'a b\nc');
  assert.equal(normalizeText('x'.repeat(100_000)).length, MAX_NORMALIZED);
});
