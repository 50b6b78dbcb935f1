/**
 * Dart / Flutter JSON reporter (`dart test --reporter json`,
 * `flutter test --machine`): NDJSON events suite/group/testStart/print/error/
 * testDone/done.
 *
 * The runner's virtual "loading <file>" tests are not tests: they are
 * dropped, and a suite that fails to load (compile error) is listed in the
 * report property `dart.load_failures` instead. Hidden tests (successful
 * setUpAll/tearDownAll) are dropped; the protocol allows an error *after*
 * testDone, which fails the test and makes a hidden one visible. Tests that
 * never report testDone (the run was killed) are dropped: outcome unknown.
 * Flutter's "Test failed. See exception logs above." message is replaced by
 * the exception block the framework printed.
 */
import type { ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { num, obj, str, type JsonLine } from './json.ts';
import { errorTypeFrom, firstLine, trimBlock } from './values.ts';

interface DartTest {
  name: string;
  suiteId: number;
  startMs: number;
  skipReason?: string;
  url?: string;
  errors: { error: string; stack: string; isFailure: boolean }[];
  prints: string[];
}

export function parseDartJson(lines: JsonLine[]): ParsedReport {
  const suites = new Map<number, string>();
  const tests = new Map<number, DartTest>();
  const done = new Map<number, { event: Record<string, unknown>; index?: number }>();
  /** The runner's virtual "loading <file>" tests, by id → file. */
  const loading = new Map<number, string>();
  const loadFailures: string[] = [];
  const report: ParsedReport = { format: 'dart-json', cases: [] };
  let lastTime = 0;

  for (const { value: e } of lines) {
    lastTime = Math.max(lastTime, num(e.time) ?? 0);
    switch (str(e.type)) {
      case 'suite': {
        const s = obj(e.suite);
        const id = num(s?.id);
        if (id !== undefined) suites.set(id, str(s?.path) ?? '');
        break;
      }
      case 'testStart': {
        const t = obj(e.test);
        const id = num(t?.id);
        if (id === undefined || !t) break;
        if (isLoadingTest(t)) {
          loading.set(id, str(t.name)?.replace(/^loading /, '') ?? '');
          break;
        }
        const meta = obj(t.metadata);
        const test: DartTest = { name: str(t.name) ?? '(unnamed)', suiteId: num(t.suiteID) ?? -1, startMs: num(e.time) ?? 0, errors: [], prints: [] };
        const reason = str(meta?.skipReason);
        if (reason) test.skipReason = reason;
        const url = str(t.root_url) ?? str(t.url);
        if (url) test.url = url;
        tests.set(id, test);
        break;
      }
      case 'print':
        // messageType "skip" repeats the skip reason; only real prints are output.
        if (str(e.messageType) !== 'skip') tests.get(num(e.testID) ?? -1)?.prints.push(str(e.message) ?? '');
        break;
      case 'error': {
        const id = num(e.testID) ?? -1;
        const file = loading.get(id);
        if (file !== undefined) {
          loadFailures.push(`${file}: ${firstLine(str(e.error)) ?? 'failed to load'}`);
          break;
        }
        const t = tests.get(id);
        if (!t) break;
        t.errors.push({ error: str(e.error) ?? '', stack: str(e.stackTrace) ?? '', isFailure: e.isFailure === true });
        const finished = done.get(id);
        if (finished) {
          // An error after testDone fails the test, and un-hides a hidden one.
          const result = e.isFailure === true ? 'failure' : 'error';
          const updated = toCase(t, { ...finished.event, result, skipped: false }, suites);
          if (finished.index === undefined) {
            finished.index = report.cases.length;
            report.cases.push(updated);
          } else if (report.cases[finished.index]?.status === 'passed') {
            report.cases[finished.index] = updated;
          }
        }
        break;
      }
      case 'testDone': {
        const id = num(e.testID) ?? -1;
        const t = tests.get(id);
        if (!t) break;
        if (e.hidden === true) {
          done.set(id, { event: e });
          break;
        }
        done.set(id, { event: e, index: report.cases.length });
        report.cases.push(toCase(t, e, suites));
        break;
      }
    }
  }
  if (lastTime > 0) report.durationMs = lastTime;
  if (loadFailures.length > 0) report.properties = { 'dart.load_failures': loadFailures.join('\n') };
  return report;
}

function toCase(t: DartTest, done: Record<string, unknown>, suites: Map<number, string>): ParsedTestCase {
  const result = str(done.result);
  const status: TestStatus = done.skipped === true ? 'skipped' : result === 'success' ? 'passed' : result === 'failure' ? 'failed' : 'error';
  const path = suites.get(t.suiteId) || fileFromUrl(t.url);
  const tc: ParsedTestCase = {
    suite: path || '(root)',
    name: t.name,
    status,
    durationMs: Math.max(0, (num(done.time) ?? t.startMs) - t.startMs),
  };
  if (path) tc.file = path;
  const stdout = trimBlock(t.prints.join('\n'));
  if (stdout) tc.stdout = stdout;
  const first = t.errors[0];
  if (status === 'skipped') {
    const reason = t.skipReason;
    if (reason) tc.error = { message: reason };
  } else if (first) {
    tc.error = {};
    const type = first.isFailure ? 'TestFailure' : errorTypeFrom(first.error);
    if (type) tc.error.type = type;
    const message = flutterException(first.error, t.prints) ?? firstLine(first.error);
    if (message) tc.error.message = message;
    const stack = trimBlock(t.errors.map((x) => `${x.error.trimEnd()}\n${x.stack}`).join('\n\n'));
    if (stack) tc.error.stack = stack;
  }
  return tc;
}

const FLUTTER_USELESS = /^Test failed\. See exception logs above\./;
const FLUTTER_BLOCK = /══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞═+\s+([\s\S]*?)\s+When the exception was thrown, this was the stack:/;

/** The first line of what Flutter printed when its own message only points at the logs. */
function flutterException(error: string, prints: string[]): string | undefined {
  if (!FLUTTER_USELESS.test(error)) return undefined;
  const m = FLUTTER_BLOCK.exec(prints.join('\n'));
  return m?.[1] ? firstLine(m[1]) : undefined;
}

/** "loading test/x_test.dart" with no source location: a suite load, not a test. */
function isLoadingTest(t: Record<string, unknown>): boolean {
  return (str(t.name) ?? '').startsWith('loading ') && (t.url === null || t.url === undefined);
}

function fileFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.startsWith('file://') ? decodeURIComponent(url.replace(/^file:\/\//, '')) : url;
}

