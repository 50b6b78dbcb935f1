/**
 * `go test -json` (test2json) event streams: one JSON object per line with
 * Action run/pause/cont/output/pass/fail/skip (plus start, bench,
 * build-output, build-fail) for a Package and optionally a Test.
 *
 * Every (package, test) pair — subtests "TestX/case" included, like go's own
 * summary — is one test. Each `run`…`pass|fail|skip` span is one attempt; a
 * test run more than once (-count=N, rerun tools appending to the same file)
 * keeps its last attempt as final and earlier ones as retries. A test that
 * started but never finished (the binary panicked or timed out) is an error.
 * Packages that failed without any failing test (build errors) have no test
 * to carry that: they are listed in report properties. Benchmark results
 * become perf samples (gotest-bench.ts).
 */
import type { ParsedAttempt, ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { benchmarkSamples } from './gotest-bench.ts';
import { num, str, type JsonLine } from './json.ts';
import { firstLine, trimBlock } from './values.ts';

interface Attempt {
  startedAt?: Date;
  output: string[];
  status?: TestStatus;
  durationMs: number;
}

interface TestState {
  pkg: string;
  test: string;
  attempts: Attempt[];
}

const ACTION_STATUS: Record<string, TestStatus> = { pass: 'passed', fail: 'failed', skip: 'skipped' };

export function parseGoTestJson(lines: JsonLine[]): ParsedReport {
  const tests = new Map<string, TestState>();
  const failedPackages = new Set<string>();
  /** All output per package in stream order, for benchmark lines split across events. */
  const packageOutput = new Map<string, string[]>();
  let first: Date | undefined;
  let last: Date | undefined;

  for (const { value: e } of lines) {
    const action = str(e.Action);
    const pkg = str(e.Package) ?? '';
    const test = str(e.Test);
    const time = str(e.Time) ? new Date(str(e.Time) as string) : undefined;
    if (time && Number.isFinite(time.getTime())) {
      if (!first || time < first) first = time;
      if (!last || time > last) last = time;
    }
    if (action === 'output' && pkg) {
      const buf = packageOutput.get(pkg) ?? [];
      if (buf.length === 0) packageOutput.set(pkg, buf);
      buf.push(str(e.Output) ?? '');
    }
    if (!test) {
      // build-output/build-fail carry ImportPath, not Package; the package's own "fail" follows.
      if (action === 'fail' && pkg) failedPackages.add(pkg);
      continue;
    }
    const key = `${pkg}\u0000${test}`;
    let state = tests.get(key);
    if (!state) tests.set(key, (state = { pkg, test, attempts: [] }));
    let current = state.attempts.at(-1);
    const status = action ? ACTION_STATUS[action] : undefined;
    // A new attempt starts with `run`, or with a second outcome without one.
    // Stray output after an outcome stays with that attempt: it must never
    // turn into a phantom unfinished run.
    if (action === 'run' || !current || (current.status && status)) {
      current = { output: [], durationMs: 0 };
      if (time && Number.isFinite(time.getTime())) current.startedAt = time;
      state.attempts.push(current);
      if (action === 'run') continue;
    }
    if (action === 'output') current.output.push(str(e.Output) ?? '');
    if (status) {
      current.status = status;
      current.durationMs = Math.round((num(e.Elapsed) ?? 0) * 1000 * 1000) / 1000;
    }
  }

  const report: ParsedReport = { format: 'gotest-json', cases: [] };
  for (const state of tests.values()) {
    const tc = toCase(state);
    if (tc.status === 'failed' || tc.status === 'error') failedPackages.delete(state.pkg);
    report.cases.push(tc);
  }
  if (first) report.startedAt = first;
  if (first && last) report.durationMs = last.getTime() - first.getTime();
  const perf = [...packageOutput].flatMap(([pkg, out]) =>
    out.some((o) => o.includes('Benchmark')) ? benchmarkSamples(pkg, out.join(''), first) : [],
  );
  if (perf.length > 0) report.perf = perf;
  if (failedPackages.size > 0) report.properties = { 'go.failed_packages': [...failedPackages].join(',') };
  return report;
}

function toCase(state: TestState): ParsedTestCase {
  const attempts = state.attempts.map(toAttempt);
  const final = attempts.pop() as ParsedAttempt & { startedAt?: Date };
  const tc: ParsedTestCase = { suite: state.pkg || '(root)', name: state.test, status: final.status, durationMs: final.durationMs };
  const startedAt = state.attempts.at(-1)?.startedAt;
  if (startedAt) tc.startedAt = startedAt;
  if (final.error) tc.error = final.error;
  if (final.stdout) tc.stdout = final.stdout;
  if (attempts.length > 0) tc.retries = attempts;
  return tc;
}

/** test2json framing lines; the rest of the output is what the test printed. */
const FRAMING = /^\s*(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP): )/;

function toAttempt(a: Attempt): ParsedAttempt {
  const status: TestStatus = a.status ?? 'error';
  const out: ParsedAttempt = { status, durationMs: a.durationMs };
  const text = trimBlock(
    a.output
      .join('')
      .split('\n')
      .filter((l) => !FRAMING.test(l))
      .join('\n'),
  );
  if (text) out.stdout = text;
  if (status === 'passed') return out;
  const panic = text?.split('\n').find((l) => l.startsWith('panic: '));
  const message = panic ?? firstLine(text) ?? (a.status ? undefined : 'test did not finish (the test binary crashed or timed out)');
  if (message || text) {
    out.error = {};
    if (panic) out.error.type = 'panic';
    if (message) out.error.message = message;
    if (text && status !== 'skipped') out.error.stack = text;
  }
  return out;
}
