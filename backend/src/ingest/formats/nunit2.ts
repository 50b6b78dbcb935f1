/**
 * NUnit 2.x result XML (`<test-results>`), still written by older runners and
 * some converters. Cases are `<test-case name="Ns.Class.Method">` inside
 * `<test-suite><results>…</results></test-suite>`; outcome is `result`
 * (Success, Failure, Error, Ignored, NotRunnable, Inconclusive, Skipped,
 * Cancelled) or, in old files, only `executed`/`success`.
 */
import type { ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { mergeLabels } from './junit-properties.ts';
import { nunitProperties, readFailure, readReason } from './nunit-common.ts';
import { nonEmpty, parseTimestamp, secondsToMs } from './values.ts';
import { child, type XmlElement } from './xml.ts';

export function parseNunit2(root: XmlElement): ParsedReport {
  const report: ParsedReport = { format: 'nunit', cases: [] };
  const { date, time } = root.attrs;
  const startedAt = date ? parseTimestamp(time ? `${date}T${time}` : date) : undefined;
  if (startedAt) report.startedAt = startedAt;
  walk(root, undefined, report.cases);
  return report;
}

function walk(el: XmlElement, labels: Record<string, string> | undefined, out: ParsedTestCase[]): void {
  for (const c of el.children) {
    if (c.name === 'test-case') out.push(readCase(c, labels));
    else if (c.name === 'test-suite' || c.name === 'results') walk(c, mergeLabels(labels, categories(c)), out);
  }
}

function readCase(el: XmlElement, inherited: Record<string, string> | undefined): ParsedTestCase {
  const a = el.attrs;
  const full = nonEmpty(a.name) ?? '(unnamed)';
  // "Ns.Class.Method(args)": the class is everything before the last dot outside the arguments.
  const bare = full.replace(/\(.*$/s, '');
  const dot = bare.lastIndexOf('.');
  const className = dot > 0 ? bare.slice(0, dot) : undefined;
  const status = nunit2Status(a);
  const tc: ParsedTestCase = {
    suite: className ?? '(root)',
    name: dot > 0 ? full.slice(dot + 1) : full,
    status,
    durationMs: secondsToMs(a.time),
  };
  if (className) tc.className = className;
  const labels = mergeLabels(inherited, mergeLabels(categories(el), nunitProperties(el)));
  if (labels) tc.labels = labels;
  const error = status === 'skipped' ? readReason(el) : readFailure(el);
  if (error) tc.error = error;
  return tc;
}

function nunit2Status(a: Readonly<Record<string, string>>): TestStatus {
  switch ((a.result ?? '').toLowerCase()) {
    case 'success':
      return 'passed';
    case 'failure':
      return 'failed';
    case 'error':
    case 'cancelled':
    case 'notrunnable':
      return 'error';
    case 'ignored':
    case 'skipped':
    case 'inconclusive': // NUnit 2 writes success="False" for it: not a pass
      return 'skipped';
  }
  if ((a.executed ?? '').toLowerCase() === 'false') return 'skipped';
  return (a.success ?? '').toLowerCase() === 'false' ? 'failed' : 'passed';
}

/** `<categories><category name="Slow"/></categories>` → { category: "Slow,…" }. */
function categories(el: XmlElement): Record<string, string> | undefined {
  const names = (child(el, 'categories')?.children ?? []).map((c) => c.attrs.name).filter((n): n is string => !!n);
  return names.length > 0 ? { category: names.join(',') } : undefined;
}
