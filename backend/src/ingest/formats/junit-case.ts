/**
 * One JUnit `<testcase>` → ParsedTestCase, including Surefire's retry
 * elements:
 *  - `flakyFailure`/`flakyError`: earlier failed runs of a test whose final
 *    run passed;
 *  - `rerunFailure`/`rerunError`: reruns after a `<failure>`/`<error>` that
 *    also failed — the first run is the `<failure>`, the last rerun is final.
 * The case counts once, by its final status (the model's invariant).
 */
import type { ParsedAttempt, ParsedError, ParsedTestCase, TestStatus } from '../model.ts';
import { readProperties, mergeLabels } from './junit-properties.ts';
import { errorTypeFrom, errorTypeFromTail, firstLine, nonEmpty, parseTimestamp, secondsToMs, trimBlock } from './values.ts';
import { child, childrenNamed, type XmlElement } from './xml.ts';

/** What a test case inherits from its enclosing suites. */
export interface SuiteContext {
  suite: string;
  file?: string;
  labels?: Record<string, string>;
  stdout?: string;
  stderr?: string;
}

const SKIP_ELEMENTS = new Set(['skipped', 'skip', 'ignored', 'disabled']);
const RETRY_KIND: Record<string, TestStatus> = {
  flakyFailure: 'failed',
  flakyError: 'error',
  rerunFailure: 'failed',
  rerunError: 'error',
};

export function readTestCase(el: XmlElement, ctx: SuiteContext): ParsedTestCase {
  const a = el.attrs;
  const failures = childrenNamed(el, 'failure');
  const errors = childrenNamed(el, 'error');
  const skip = el.children.find((c) => SKIP_ELEMENTS.has(c.name));
  const flaky = el.children.filter((c) => c.name === 'flakyFailure' || c.name === 'flakyError');
  const reruns = el.children.filter((c) => c.name === 'rerunFailure' || c.name === 'rerunError');

  let status: TestStatus = 'passed';
  let error: ParsedError | undefined;
  if (failures.length > 0) {
    status = 'failed';
    error = readFailure(failures, a.name);
  } else if (errors.length > 0) {
    status = 'error';
    error = readFailure(errors, a.name);
  } else if (skip) {
    status = 'skipped';
    error = skipReason(skip);
  } else {
    status = statusFromAttributes(a) ?? 'passed';
  }

  let stdout = joinText(childrenNamed(el, 'system-out'));
  let stderr = joinText(childrenNamed(el, 'system-err'));
  const labels = mergeLabels(ctx.labels, readProperties(el));
  const tc: ParsedTestCase = {
    suite: ctx.suite,
    name: nonEmpty(a.name) ?? '(unnamed)',
    status,
    durationMs: secondsToMs(a.time),
  };
  const className = nonEmpty(a.classname) ?? nonEmpty(a.class);
  if (className) tc.className = className;
  const file = nonEmpty(a.file) ?? nonEmpty(a.filepath) ?? ctx.file;
  if (file) tc.file = file;
  const startedAt = parseTimestamp(a.timestamp);
  if (startedAt) tc.startedAt = startedAt;
  if (labels) tc.labels = labels;
  const owner = labels?.owner;
  if (owner) tc.owner = owner;

  if (status === 'passed' && flaky.length > 0) {
    tc.retries = flaky.map(readRetry);
  } else if ((status === 'failed' || status === 'error') && reruns.length > 0) {
    // The case's own output belongs to its first run; each rerun carries its own.
    const first: ParsedAttempt = { status, durationMs: 0 };
    if (error) first.error = error;
    if (stdout) first.stdout = stdout;
    if (stderr) first.stderr = stderr;
    const later = reruns.map(readRetry);
    const final = later.pop() as ParsedAttempt;
    tc.retries = [first, ...later];
    status = tc.status = final.status;
    error = final.error;
    stdout = final.stdout;
    stderr = final.stderr;
  }
  if (error) tc.error = error;

  // Suite-level output (Gradle writes output only there) is context for
  // investigating a failing test; copying it onto the others is noise.
  const failing = status === 'failed' || status === 'error';
  const out = stdout ?? (failing ? ctx.stdout : undefined);
  const err = stderr ?? (failing ? ctx.stderr : undefined);
  if (out) tc.stdout = out;
  if (err) tc.stderr = err;
  return tc;
}

/** googletest/ctest write the outcome as attributes, not elements. */
function statusFromAttributes(a: Readonly<Record<string, string>>): TestStatus | undefined {
  // Most writers have neither attribute: skip the string and the regexes (once per passing case).
  if (a.status === undefined && a.result === undefined) return undefined;
  const s = `${a.status ?? ''} ${a.result ?? ''}`.toLowerCase();
  if (/\b(notrun|disabled|skipped|ignored|suppressed)\b/.test(s)) return 'skipped';
  if (/\b(fail|failed|failure)\b/.test(s)) return 'failed';
  if (/\berror\b/.test(s)) return 'error';
  return undefined;
}

/**
 * `message`/`type` attributes plus the body as stack. googletest writes one
 * `<failure>` per failed assertion, so several are joined.
 */
function readFailure(els: XmlElement[], testName?: string): ParsedError {
  const head = els[0] as XmlElement;
  const stack = els
    .map((e) => trimBlock(child(e, 'stackTrace')?.text ?? e.text))
    .filter((s): s is string => s !== undefined)
    .join('\n\n');
  const out: ParsedError = {};
  const message =
    messageFrom(head.attrs.message) ?? firstLine(messageFrom(bodyWithoutHeader(stack, testName))) ?? nonEmpty(head.attrs.message);
  const type = nonEmpty(head.attrs.type) ?? errorTypeFrom(stack) ?? errorTypeFrom(message) ?? errorTypeFromTail(stack);
  if (type) out.type = type;
  if (message) out.message = message;
  if (stack) out.stack = stack;
  return out;
}

/**
 * go-junit-report writes message="Failed"/"Skipped" and gotestsum puts the
 * raw `go test` output (with its "=== RUN" framing) in the attribute; the
 * line that says what went wrong is the first real one.
 */
const PLACEHOLDER = /^(failed|failure|skipped|error)$/i;
const GO_FRAMING = /^\s*(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP): )/;

function messageFrom(raw: string | undefined): string | undefined {
  const s = nonEmpty(raw);
  if (!s || PLACEHOLDER.test(s)) return undefined;
  if (!GO_FRAMING.test(s)) return s;
  return firstLine(s.split('\n').filter((l) => !GO_FRAMING.test(l)).join('\n'));
}

/** PHPUnit starts the body with "Class::testName …", which is not the message. */
function bodyWithoutHeader(body: string, testName: string | undefined): string {
  const nl = body.indexOf('\n');
  if (!testName || nl < 0) return body;
  return body.slice(0, nl).includes(`::${testName}`) ? body.slice(nl + 1) : body;
}

function skipReason(el: XmlElement): ParsedError | undefined {
  const message = messageFrom(el.attrs.message) ?? firstLine(messageFrom(el.text)) ?? nonEmpty(el.attrs.message);
  if (!message) return undefined;
  const out: ParsedError = { message };
  const type = nonEmpty(el.attrs.type);
  if (type) out.type = type;
  return out;
}

function readRetry(el: XmlElement): ParsedAttempt {
  const attempt: ParsedAttempt = {
    status: RETRY_KIND[el.name] ?? 'failed',
    durationMs: secondsToMs(el.attrs.time),
    error: readFailure([el]),
  };
  const stdout = joinText(childrenNamed(el, 'system-out'));
  const stderr = joinText(childrenNamed(el, 'system-err'));
  if (stdout) attempt.stdout = stdout;
  if (stderr) attempt.stderr = stderr;
  return attempt;
}

export function joinText(els: XmlElement[]): string | undefined {
  const parts = els.map((e) => trimBlock(e.text)).filter((s): s is string => s !== undefined);
  return parts.length > 0 ? parts.join('\n') : undefined;
}
