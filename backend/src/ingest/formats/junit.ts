/**
 * JUnit XML in its many dialects (Surefire/Gradle/TestNG, jest-junit, pytest,
 * xmlrunner, go-junit-report/gotestsum, PHPUnit, Karma, mocha-junit-reporter,
 * vitest, node:test, Playwright, Nette Tester, xcpretty/xcresult …).
 *
 * The common ground: `<testsuites>` and `<testsuite>` nest to any depth and
 * hold `<testcase>` elements. Counting invariant: every `<testcase>` element
 * yields exactly one ParsedTestCase (two entries with the same name are two
 * results); suite `tests=`/`failures=` attributes are never trusted, they are
 * often wrong (googletest, TestNG) or absent.
 */
import type { ParsedReport, ParsedTestCase } from '../model.ts';
import { readTestCase, joinText, type SuiteContext } from './junit-case.ts';
import { isJvmSystemProperties, mergeLabels, readProperties } from './junit-properties.ts';
import { nonEmpty, parseTimestamp, secondsToMs } from './values.ts';
import { childrenNamed, type XmlElement } from './xml.ts';

export const JUNIT_ROOTS = new Set(['testsuites', 'testsuite']);

export function parseJunit(root: XmlElement): ParsedReport {
  const report: ParsedReport = { format: 'junit', cases: [] };
  const walker = new Walker(report);
  if (root.name === 'testsuites') {
    const props = readProperties(root);
    if (props) walker.addReportProperties(props);
    walker.noteStart(root);
    const rootCtx: SuiteContext = { suite: nonEmpty(root.attrs.name) ?? '' };
    walker.children(root, rootCtx);
  } else {
    walker.suite(root, { suite: '' });
  }
  const total = secondsToMs(root.attrs.time);
  if (total > 0) report.durationMs = total;
  else if (walker.suiteTimeMs > 0) report.durationMs = walker.suiteTimeMs;
  if (walker.startedAt) report.startedAt = walker.startedAt;
  return report;
}

class Walker {
  startedAt: Date | undefined;
  /** Sum of top-level suite times, the report duration when the root has none. */
  suiteTimeMs = 0;

  constructor(private readonly report: ParsedReport) {}

  children(el: XmlElement, ctx: SuiteContext, depth = 0): void {
    for (const c of el.children) {
      if (c.name === 'testsuite' || c.name === 'testsuites') {
        if (depth === 0) this.suiteTimeMs += secondsToMs(c.attrs.time);
        this.suite(c, ctx, depth + 1);
      } else if (c.name === 'testcase') {
        this.report.cases.push(withSuite(readTestCase(c, ctx), c));
      }
    }
  }

  suite(el: XmlElement, parent: SuiteContext, depth = 0): void {
    this.noteStart(el);
    let labels = parent.labels;
    const props = readProperties(el);
    if (props && isJvmSystemProperties(props)) this.addReportProperties(props);
    else labels = mergeLabels(labels, props);
    const ctx: SuiteContext = { suite: suiteName(el) ?? parent.suite };
    const file = nonEmpty(el.attrs.file) ?? nonEmpty(el.attrs.filepath) ?? parent.file;
    if (file) ctx.file = file;
    if (labels) ctx.labels = labels;
    const stdout = joinText(childrenNamed(el, 'system-out')) ?? parent.stdout;
    const stderr = joinText(childrenNamed(el, 'system-err')) ?? parent.stderr;
    if (stdout) ctx.stdout = stdout;
    if (stderr) ctx.stderr = stderr;
    this.children(el, ctx, depth);
  }

  noteStart(el: XmlElement): void {
    const ts = parseTimestamp(el.attrs.timestamp);
    if (ts && (!this.startedAt || ts < this.startedAt)) this.startedAt = ts;
  }

  addReportProperties(props: Record<string, string>): void {
    this.report.properties = Object.assign(this.report.properties ?? {}, props);
  }
}

/**
 * PHPUnit wraps data-provider runs in a suite named "Class::method"; the
 * class is the better suite name, the data set is already in the case name.
 * xmlrunner's timestamp suffix would make every run a new suite.
 */
function suiteName(el: XmlElement): string | undefined {
  const name = nonEmpty(el.attrs.name);
  if (name && /^[\w\\]+::\w+$/.test(name)) return name.split('::')[0];
  // python xmlrunner suffixes the class with the run's start, "-20240601120000".
  return name?.replace(/-\d{14}$/, '');
}

/** Cases outside any named suite (node:test, some runners) fall back to class or file. */
function withSuite(tc: ParsedTestCase, el: XmlElement): ParsedTestCase {
  if (!tc.suite) tc.suite = tc.className ?? tc.file ?? nonEmpty(el.attrs.name) ?? '(root)';
  return tc;
}
