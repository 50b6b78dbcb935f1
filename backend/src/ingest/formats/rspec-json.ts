/**
 * RSpec's JSON formatter (`rspec --format json`): `{ version, examples,
 * summary, summary_line }`. Each example is one test; `pending` means skipped
 * (RSpec's `skip`/`xit`/`pending`). Errors outside examples (a spec file
 * failing to load) have no example to hang on: they are kept as report
 * properties so the run is not mistaken for a clean one.
 */
import type { ParsedError, ParsedReport, ParsedTestCase, TestStatus } from '../model.ts';
import { malformed } from './errors.ts';
import { arr, num, obj, str } from './json.ts';
import { firstLine } from './values.ts';

export function parseRspecJson(doc: unknown): ParsedReport {
  const root = obj(doc);
  if (!root) throw malformed('RSpec JSON must be an object with an "examples" array.');
  const report: ParsedReport = { format: 'rspec-json', cases: [] };
  const summary = obj(root.summary);
  const duration = num(summary?.duration);
  if (duration !== undefined) report.durationMs = Math.round(duration * 1000 * 1000) / 1000;
  const outside = num(summary?.errors_outside_of_examples_count) ?? 0;
  if (outside > 0) {
    report.properties = { 'rspec.errors_outside_of_examples': String(outside) };
    const first = arr(root.messages).map(str).find((m) => m?.trim());
    if (first) report.properties['rspec.messages'] = first.trim();
  }
  for (const e of arr(root.examples)) {
    const o = obj(e);
    if (o) report.cases.push(readExample(o));
  }
  return report;
}

function readExample(o: Record<string, unknown>): ParsedTestCase {
  const description = str(o.description) ?? '(unnamed)';
  const full = str(o.full_description) ?? description;
  const file = str(o.file_path);
  // The example group is the full description minus the example's own words.
  const group = full.endsWith(description) ? full.slice(0, full.length - description.length).trim() : '';
  const status = statusOf(str(o.status));
  const tc: ParsedTestCase = {
    suite: group || file || '(root)',
    name: description,
    status,
    durationMs: Math.round((num(o.run_time) ?? 0) * 1000 * 1000) / 1000,
  };
  if (file) tc.file = file;
  const error = status === 'skipped' ? skipReason(o) : readException(obj(o.exception));
  if (error) tc.error = error;
  return tc;
}

function statusOf(s: string | undefined): TestStatus {
  if (s === 'passed') return 'passed';
  if (s === 'pending') return 'skipped';
  return 'failed';
}

function readException(ex: Record<string, unknown> | undefined): ParsedError | undefined {
  if (!ex) return undefined;
  const out: ParsedError = {};
  const type = str(ex.class);
  const message = str(ex.message)?.trim();
  const backtrace = arr(ex.backtrace).map(str).filter((l): l is string => l !== undefined);
  if (type) out.type = type;
  if (message) out.message = message;
  if (backtrace.length > 0) out.stack = backtrace.join('\n');
  return Object.keys(out).length > 0 ? out : undefined;
}

function skipReason(o: Record<string, unknown>): ParsedError | undefined {
  const message = firstLine(str(o.pending_message));
  return message ? { message } : undefined;
}
