/**
 * NUnit XML results. NUnit 3 (`<test-run>`, nunit3-console / NUnit adapter
 * `--logger nunit`) is read here; NUnit 2 (`<test-results>`) in nunit2.ts.
 *
 * Every `<test-case>` element is one test. Its suite is the nearest enclosing
 * fixture-like `<test-suite>` (ParameterizedMethod/Theory wrappers are
 * skipped: the arguments are already in the case name). NUnit's `[Retry]`
 * reports only the final attempt, so NUnit results carry no retries.
 */
import type { ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { mergeLabels } from './junit-properties.ts';
import { nunitProperties, readFailure, readReason } from './nunit-common.ts';
import { parseNunit2 } from './nunit2.ts';
import { nonEmpty, parseTimestamp, secondsToMs, trimBlock } from './values.ts';
import { child, type XmlElement } from './xml.ts';

const METHOD_WRAPPERS = new Set(['ParameterizedMethod', 'Theory', 'GenericMethod']);

export function parseNunit(root: XmlElement): ParsedReport {
  if (root.name === 'test-results') return parseNunit2(root);
  const report: ParsedReport = { format: 'nunit', cases: [] };
  const startedAt = parseTimestamp(root.attrs['start-time']);
  if (startedAt) report.startedAt = startedAt;
  const duration = secondsToMs(root.attrs.duration);
  if (duration > 0) report.durationMs = duration;
  walk(root, { suite: '' }, report.cases);
  return report;
}

interface Ctx {
  suite: string;
  labels?: Record<string, string>;
}

function walk(el: XmlElement, ctx: Ctx, out: ParsedTestCase[]): void {
  if (el.name === 'test-case') {
    out.push(readCase(el, ctx));
    return;
  }
  let next = ctx;
  if (el.name === 'test-suite' && !METHOD_WRAPPERS.has(el.attrs.type ?? '')) {
    next = { suite: nonEmpty(el.attrs.fullname) ?? nonEmpty(el.attrs.name) ?? ctx.suite };
    const labels = mergeLabels(ctx.labels, nunitProperties(el));
    if (labels) next.labels = labels;
  }
  for (const c of el.children) if (c.name === 'test-suite' || c.name === 'test-case') walk(c, next, out);
}

function readCase(el: XmlElement, ctx: Ctx): ParsedTestCase {
  const a = el.attrs;
  const status = nunit3Status(a.result, a.label);
  const className = nonEmpty(a.classname);
  const tc: ParsedTestCase = {
    suite: className ?? (ctx.suite || '(root)'),
    name: nonEmpty(a.name) ?? nonEmpty(a.fullname) ?? '(unnamed)',
    status,
    durationMs: secondsToMs(a.duration),
  };
  if (className) tc.className = className;
  const startedAt = parseTimestamp(a['start-time']);
  if (startedAt) tc.startedAt = startedAt;
  const labels = mergeLabels(ctx.labels, nunitProperties(el));
  if (labels) tc.labels = labels;
  const error = status === 'skipped' ? readReason(el) : readFailure(el);
  if (error) tc.error = error;
  const stdout = trimBlock(child(el, 'output')?.text);
  if (stdout) tc.stdout = stdout;
  return tc;
}

/** result × label → status. Labels seen: Error, Invalid, Cancelled, Ignored, Explicit, timeouts. */
function nunit3Status(result: string | undefined, label: string | undefined): TestStatus {
  switch ((result ?? '').toLowerCase()) {
    // Inconclusive (Assert.Inconclusive, an unmet Assume) ran and did not
    // fail; NUnit counts it apart, report tools count it with the passes.
    case 'passed':
    case 'warning':
    case 'inconclusive':
      return 'passed';
    case 'skipped':
      return 'skipped';
    case 'failed':
      return /^(error|invalid|cancelled)$/i.test(label ?? '') ? 'error' : 'failed';
    default:
      return 'error';
  }
}
