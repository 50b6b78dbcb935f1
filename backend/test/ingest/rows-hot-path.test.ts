/**
 * The ingest hot path builds result rows by hand and memoises failure
 * signatures; these tests pin that the output is exactly what the
 * straightforward versions (JSON.stringify, computeSignature) give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildRunRows, jsonString } from '../../src/ingest/rows.ts';
import { testId } from '../../src/ingest/test-id.ts';
import { errorSignature } from '../../src/ingest/signature.ts';
import { computeSignature } from '../../src/intelligence/signature/index.ts';
import type { ParsedTestCase } from '../../src/ingest/model.ts';

const TRICKY = ['', 'plain', 'quote " and \\ backslash', 'tab\tnew\nline\r', '\u0000\u001f ctrl', 'emoji 😀 ünï', 'lone \ud800 high', 'lone \udfff low', 'sep \u2028 \u2029', '</script>', '{"json":1}'];

test('jsonString is JSON.stringify for every kind of text', () => {
  for (const s of TRICKY) assert.equal(jsonString(s), JSON.stringify(s), JSON.stringify(s));
});

const COLUMN_DEFAULTS = Object.fromEntries([
  ...['environment', 'browser', 'os', 'branch', 'commit_sha', 'pull_request', 'build_id', 'shard', 'class_name', 'file'].map((c) => [c, '']),
  ...['error_type', 'error_message', 'error_stack', 'error_signature', 'stdout', 'stderr', 'owner'].map((c) => [c, '']),
  ['labels', {}],
]);

test('result lines parse to exactly the expected columns, tricky text included', () => {
  const cases: ParsedTestCase[] = TRICKY.map((s, i) => ({
    suite: `suite ${s}`,
    name: `name ${i} ${s}`,
    className: s,
    file: s ? `f/${s}.ts` : undefined,
    status: i % 3 === 0 ? 'failed' : 'passed',
    durationMs: i === 1 ? Number.NaN : i * 1.5 + 0.371, // fractional ms, as JUnit seconds give
    ...(i % 3 === 0 ? { error: { type: `T${s}`, message: `m ${s}`, stack: `at x (${s}:1)` } } : {}),
    stdout: s,
    owner: i === 2 ? `@team ${s}` : undefined,
    labels: i === 4 ? { [`k ${s}`]: `v ${s}` } : undefined,
    ...(i === 5 ? { retries: [{ status: 'failed' as const, durationMs: 7, error: { message: `first ${s}` }, stderr: s }] } : {}),
  }));
  const rows = buildRunRows({
    tenantId: 't1', retentionDays: 30, runId: 'r1', contentHash: 'h', meta: { project: 'p', branch: 'b"\\' },
    report: { format: 'json', cases }, now: new Date('2026-11-01T00:00:00Z'),
  });
  const lines = rows.results.toString('utf8').split('\n');
  assert.equal(lines.pop(), '', 'every line ends with a newline');
  assert.equal(lines.length, TRICKY.length + 1);
  assert.equal(rows.resultRows, lines.length);
  let line = 0;
  let startMs = Date.parse('2026-11-01T00:00:00Z');
  for (const tc of cases) {
    const attempts = [...(tc.retries ?? []).map((a) => ({ ...a, final: false })), { ...tc, final: true }];
    attempts.forEach((a, n) => {
      // Empty text columns and empty labels are left out: the store fills in '' and {}.
      const row = { ...COLUMN_DEFAULTS, ...(JSON.parse(lines[line++]!) as Record<string, unknown>) };
      const failing = a.status === 'failed' || a.status === 'error';
      assert.deepEqual(row, {
        tenant_id: 't1', run_id: 'r1', project: 'p', environment: '', browser: '', os: '', branch: 'b"\\', retention_days: 30,
        commit_sha: '', pull_request: '', build_id: '', shard: '',
        suite: tc.suite, test_id: testId('p', tc.suite, tc.className ?? '', tc.name, tc.file ?? ''), name: tc.name,
        class_name: tc.className ?? '', file: tc.file ?? '', status: a.status, attempt: n + 1, is_final: a.final ? 1 : 0,
        duration_ms: Number.isFinite(a.durationMs) ? a.durationMs : 0, started_at: Math.trunc(startMs),
        error_type: a.error?.type ?? '', error_message: a.error?.message ?? '', error_stack: a.error?.stack ?? '',
        error_signature: failing && a.error ? computeSignature(a.error).signature : '',
        stdout: a.stdout ?? '', stderr: a.stderr ?? '', owner: tc.owner ?? '', labels: tc.labels ?? {},
      });
      startMs += Number.isFinite(a.durationMs) ? a.durationMs : 0;
    });
    // The next test starts after this one's final duration (retries do not shift the run clock).
    startMs = startMs - attempts.slice(0, -1).reduce((n, a) => n + a.durationMs, 0);
  }
});

test('memoised failure signatures equal computeSignature, texts of any length', () => {
  const errors = [
    { type: 'AssertionError', message: 'expected 1 to equal 2', stack: 'at foo (src/a.ts:1:2)' },
    { type: 'AssertionErrorexpected', message: ' 1 to equal 2', stack: 'at foo (src/a.ts:1:2)' },
    { message: 'no type', stack: undefined },
    { type: 'Big', message: 'x'.repeat(5000), stack: 'y'.repeat(100) },
  ];
  for (let round = 0; round < 2; round++) {
    for (const e of errors) assert.equal(errorSignature(e, 't-sig'), computeSignature(e).signature);
  }
});

test('memoised test ids equal the sha256 of the identity, repeated, long and separator-shifted alike', () => {
  const direct = (...parts: readonly string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
  const identities = [
    ['p', 's', 'C', 'a b', 'f.ts'],
    ['p', 's', 'C', 'a', 'b f.ts'],
    ['p', 's', 'C a', 'b', 'f.ts'],
    ['p', '', '', 'n', ''],
    ['p', 's', 'C', 'x'.repeat(300), 'f.ts'],
    ['p', 's', 'C', 'ünï 😀', 'f.ts'],
  ] as const;
  for (let round = 0; round < 2; round++) {
    for (const [p, s, c, n, f] of identities) assert.equal(testId(p, s, c, n, f), direct(p, s, c, n, f), JSON.stringify([p, s, c, n, f]));
  }
});

test('result bytes are the UTF-8 of the lines whatever their width (ASCII, multi-byte, surrogates, long)', () => {
  const texts = ['plain', 'ünïcødé '.repeat(500), '😀'.repeat(3000), 'x'.repeat(70_000), 'lone \ud800', '€'.repeat(20_000)];
  const cases: ParsedTestCase[] = texts.map((s, i) => ({ suite: 's', name: `n${i}`, status: 'passed', durationMs: 1, stdout: s }));
  const rows = buildRunRows({
    tenantId: 't1', retentionDays: 30, runId: 'wide', contentHash: 'h', meta: { project: 'p' }, report: { format: 'json', cases }, now: new Date('2026-11-01T00:00:00Z'),
  });
  const lines = rows.results.toString('utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { stdout: string }).stdout), texts.map((s) => (s.length > 65_536 ? s.slice(0, 65_536) : s)));
});
