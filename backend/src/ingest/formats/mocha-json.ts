/**
 * Mocha's built-in JSON reporter (`mocha --reporter json`):
 * `{ stats, tests, pending, failures, passes }`.
 *
 * `tests` holds every test once (passed, failed and pending alike), so it is
 * the list we walk; `pending` marks the skipped ones. `failures` can also hold
 * *hook* failures ("before all" hook …) that never appear in `tests` — they
 * are kept as `error` results, since the tests behind the hook never ran.
 * Mocha only records `currentRetry` for the final attempt; each earlier
 * attempt is known to have failed (that is why it was retried), so they are
 * added as failed attempts with unknown (0) duration.
 */
import type { ParsedAttempt, ParsedError, ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { malformed } from './errors.ts';
import { arr, num, obj, str } from './json.ts';
import { errorTypeFrom, firstLine, parseTimestamp, trimBlock } from './values.ts';

export function parseMochaJson(doc: unknown): ParsedReport {
  const root = obj(doc);
  if (!root) throw malformed('Mocha JSON must be an object with "stats" and "tests".');
  const report: ParsedReport = { format: 'mocha-json', cases: [] };
  const stats = obj(root.stats);
  const startedAt = parseTimestamp(str(stats?.start));
  if (startedAt) report.startedAt = startedAt;
  const duration = num(stats?.duration);
  if (duration !== undefined) report.durationMs = duration;

  const pending = countKeys(arr(root.pending));
  const inTests = countKeys(arr(root.tests));
  const tests = Array.isArray(root.tests) ? root.tests : [...arr(root.passes), ...arr(root.failures), ...arr(root.pending)];
  for (const t of tests) {
    const o = obj(t);
    if (!o) continue;
    const key = keyOf(o);
    const isPending = take(pending, key);
    report.cases.push(readTest(o, isPending ? 'skipped' : hasError(o) ? 'failed' : 'passed'));
  }
  if (Array.isArray(root.tests)) {
    for (const f of arr(root.failures)) {
      const o = obj(f);
      if (o && !take(inTests, keyOf(o))) report.cases.push(readTest(o, 'error'));
    }
  }
  return report;
}

function readTest(o: Record<string, unknown>, status: TestStatus): ParsedTestCase {
  const title = str(o.title) ?? '(unnamed)';
  const fullTitle = str(o.fullTitle) ?? title;
  const file = str(o.file);
  const suite = fullTitle.endsWith(title) ? fullTitle.slice(0, fullTitle.length - title.length).trim() : '';
  const tc: ParsedTestCase = { suite: suite || file || '(root)', name: title, status, durationMs: num(o.duration) ?? 0 };
  if (file) tc.file = file;
  const error = status === 'failed' || status === 'error' ? readError(obj(o.err)) : undefined;
  if (error) tc.error = error;
  const retried = num(o.currentRetry) ?? 0;
  if (retried > 0) {
    tc.retries = Array.from({ length: Math.min(retried, 100) }, (): ParsedAttempt => ({ status: 'failed', durationMs: 0 }));
  }
  return tc;
}

function readError(err: Record<string, unknown> | undefined): ParsedError | undefined {
  if (!err) return undefined;
  const message = str(err.message);
  const stack = trimBlock(str(err.stack));
  const out: ParsedError = {};
  const type = str(err.name) ?? errorTypeFrom(stack);
  if (type) out.type = type;
  const line = message?.trim() ? message.trim() : firstLine(stack);
  if (line) out.message = line;
  if (stack) out.stack = stack;
  return Object.keys(out).length > 0 ? out : undefined;
}

function hasError(o: Record<string, unknown>): boolean {
  const err = obj(o.err);
  return err !== undefined && Object.keys(err).length > 0;
}

function keyOf(o: Record<string, unknown>): string {
  return `${str(o.file) ?? ''}\u0000${str(o.fullTitle) ?? str(o.title) ?? ''}`;
}

/** Multiset of test keys: duplicate titles are separate tests. */
function countKeys(list: unknown[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of list) {
    const o = obj(t);
    if (o) m.set(keyOf(o), (m.get(keyOf(o)) ?? 0) + 1);
  }
  return m;
}

function take(m: Map<string, number>, key: string): boolean {
  const n = m.get(key) ?? 0;
  if (n === 0) return false;
  m.set(key, n - 1);
  return true;
}
