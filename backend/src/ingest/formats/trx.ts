/**
 * Visual Studio / `dotnet test --logger trx` results (.trx).
 *
 * Results live in `<Results>` (`UnitTestResult`, and cousins such as
 * `GenericTestResult`); class names and categories live in
 * `<TestDefinitions>`, joined by `testId`. MSTest data rows arrive as
 * `<InnerResults>` of a parent result: the rows are the tests, the parent is
 * only their summary. Every other result element is one result, even when
 * testId and name repeat: xUnit theories with non-serialisable data share one
 * testId (and can share a display name), so a repeat is not provably a retry.
 * TRX therefore carries no retries.
 */
import type { ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { errorTypeFrom, firstLine, nonEmpty, parseTimestamp, trimBlock } from './values.ts';
import { child, childrenNamed, type XmlElement } from './xml.ts';

interface Definition {
  className?: string;
  labels?: Record<string, string>;
  owner?: string;
}

export function parseTrx(root: XmlElement): ParsedReport {
  const report: ParsedReport = { format: 'trx', cases: [] };
  const times = child(root, 'Times');
  const start = parseTimestamp(times?.attrs.start ?? times?.attrs.creation);
  const finish = parseTimestamp(times?.attrs.finish);
  if (start) report.startedAt = start;
  if (start && finish && finish >= start) report.durationMs = finish.getTime() - start.getTime();

  const defs = readDefinitions(root);
  const results: XmlElement[] = [];
  for (const r of childrenNamed(root, 'Results')) collectResults(r, results);

  for (const el of results) report.cases.push(readResult(el, defs));
  return report;
}

/** Result elements in document order; parents with InnerResults give their rows instead. */
function collectResults(container: XmlElement, out: XmlElement[]): void {
  for (const el of container.children) {
    if (!el.name.endsWith('Result') && el.name !== 'TestResultAggregation') continue;
    const inner = child(el, 'InnerResults');
    if (inner && inner.children.length > 0) collectResults(inner, out);
    else out.push(el);
  }
}

function readDefinitions(root: XmlElement): Map<string, Definition> {
  const defs = new Map<string, Definition>();
  for (const block of childrenNamed(root, 'TestDefinitions')) {
    for (const d of block.children) {
      const id = d.attrs.id;
      if (!id) continue;
      const def: Definition = {};
      const className = nonEmpty(child(d, 'TestMethod')?.attrs.className);
      // className may carry the assembly: "Ns.Class, Assembly, Version=…".
      if (className) def.className = className.split(',')[0]?.trim() ?? className;
      const labels = Object.create(null) as Record<string, string>;
      const cats = (child(d, 'TestCategory')?.children ?? []).map((c) => c.attrs.TestCategory).filter(Boolean);
      if (cats.length > 0) labels.category = cats.join(',');
      for (const p of childrenNamed(child(d, 'Properties') ?? d, 'Property')) {
        const k = child(p, 'Key')?.text.trim();
        if (k) labels[k] = child(p, 'Value')?.text.trim() ?? '';
      }
      if (Object.keys(labels).length > 0) def.labels = labels;
      const owner = nonEmpty(child(child(d, 'Owners') ?? d, 'Owner')?.attrs.name);
      if (owner) def.owner = owner;
      defs.set(id, def);
    }
  }
  return defs;
}

function readResult(el: XmlElement, defs: Map<string, Definition>): ParsedTestCase {
  const a = el.attrs;
  const def = defs.get(a.testId ?? '');
  const name = nonEmpty(a.testName) ?? '(unnamed)';
  const status = outcomeStatus(a.outcome);
  const tc: ParsedTestCase = {
    suite: def?.className ?? suiteFromName(name),
    name,
    status,
    durationMs: dotnetDurationMs(a.duration),
  };
  if (def?.className) tc.className = def.className;
  if (def?.labels) tc.labels = def.labels;
  if (def?.owner) tc.owner = def.owner;
  const startedAt = parseTimestamp(a.startTime);
  if (startedAt) tc.startedAt = startedAt;

  const output = child(el, 'Output');
  const stdout = clean(child(output ?? el, 'StdOut')?.text);
  const stderr = clean(child(output ?? el, 'StdErr')?.text);
  if (stdout) tc.stdout = stdout;
  if (stderr) tc.stderr = stderr;
  const info = child(output ?? el, 'ErrorInfo');
  const message = clean(child(info ?? el, 'Message')?.text);
  const stack = clean(child(info ?? el, 'StackTrace')?.text);
  if (message || stack) {
    tc.error = {};
    const type = errorTypeFrom(message?.replace(/^Test method .* threw exception:\s*/s, ''));
    if (type) tc.error.type = type;
    if (message) tc.error.message = message;
    if (stack) tc.error.stack = stack;
  } else if (status === 'skipped' && stdout) {
    // xUnit writes the skip reason as the result's only output.
    tc.error = { message: firstLine(stdout) as string };
  }
  return tc;
}

const OUTCOMES: Record<string, TestStatus> = {
  passed: 'passed',
  passedbutrunaborted: 'passed',
  warning: 'passed',
  completed: 'passed',
  failed: 'failed',
  error: 'error',
  timeout: 'error',
  aborted: 'error',
  disconnected: 'error',
  notexecuted: 'skipped',
  notrunnable: 'skipped',
  inconclusive: 'skipped',
  pending: 'skipped',
  inprogress: 'skipped',
};

function outcomeStatus(raw: string | undefined): TestStatus {
  return OUTCOMES[(raw ?? '').toLowerCase()] ?? (raw ? 'failed' : 'skipped');
}

/** "Namespace.Class.Method(args)" → "Namespace.Class" when no definition names the class. */
function suiteFromName(name: string): string {
  const bare = name.replace(/\(.*$/s, '');
  const dot = bare.lastIndexOf('.');
  return dot > 0 ? bare.slice(0, dot) : '(root)';
}

/** .NET TimeSpan text "[d.]hh:mm:ss[.fffffff]" → milliseconds. */
export function dotnetDurationMs(raw: string | undefined): number {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(raw?.trim() ?? '');
  if (!m) return 0;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  const ms = ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
  return Math.round(ms * 1000) / 1000;
}

function clean(raw: string | undefined): string | undefined {
  return trimBlock(raw?.replace(/\r\n?/g, '\n'));
}
