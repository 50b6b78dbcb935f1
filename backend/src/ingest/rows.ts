/**
 * ParsedReport + run metadata → the rows of test_runs, test_results and
 * perf_samples, as JSONEachRow lines. One row per executed attempt; the final
 * attempt carries is_final = 1 and the test's outcome. Run totals count final
 * attempts only, so a retried test counts once.
 */
import type { ParsedAttempt, ParsedReport, ParsedTestCase, TestStatus } from './model.ts';
import type { RunMeta } from './run-meta.ts';
import { testId } from './test-id.ts';
import { errorSignature, resolvedOwner } from './signature.ts';
import type { FieldEncryptor } from '../security/encryption/settings.ts';

/** ClickHouse DateTime64(3, 'UTC') text form. */
export function chTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

const MAX_TEXT = 64 * 1024; // a runaway stdout must not bloat a row
const clip = (s: string | undefined): string => (s ? (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s) : '');

export interface RunRows {
  tenantId: string;
  runId: string;
  contentHash: string;
  counts: { total: number; passed: number; failed: number; errors: number; skipped: number };
  startedAt: Date;
  runLine: string;
  /**
   * test_results rows as JSONEachRow bytes, every line '\n'-terminated. Encoded
   * once per run, when the request is handled: the rows then wait for their
   * batch off the JS heap (no long-lived strings for the GC to promote and
   * scan) and the writer only concatenates buffers.
   */
  results: Buffer;
  resultRows: number;
  /** perf_samples rows, same encoding. */
  perf: Buffer;
  perfRows: number;
}

export interface BuildInput {
  tenantId: string;
  retentionDays: number;
  runId: string;
  contentHash: string;
  meta: RunMeta;
  report: ParsedReport;
  now: Date;
  /** Encryption at rest of error_stack/stdout/stderr (tenant setting); absent → stored as is. */
  encrypt?: FieldEncryptor | undefined;
}

export function buildRunRows(input: BuildInput): RunRows {
  const { meta, report, tenantId, runId } = input;
  const project = meta.project || 'default';
  const startedAt = meta.startedAt ? new Date(meta.startedAt) : report.startedAt ?? input.now;
  const common = {
    tenant_id: tenantId,
    run_id: runId,
    project,
    environment: meta.environment ?? '',
    browser: meta.browser ?? '',
    os: meta.os ?? '',
    branch: meta.branch ?? '',
    retention_days: input.retentionDays,
  };
  // Hot path: the columns every result row of this run shares are serialized once.
  const sharedJson = JSON.stringify(
    withoutDefaults({
      ...common,
      commit_sha: meta.commitSha ?? '',
      pull_request: meta.pullRequest ?? '',
      build_id: meta.buildId ?? '',
      shard: meta.shard ?? '',
    }),
  ).slice(0, -1);
  const counts = { total: 0, passed: 0, failed: 0, errors: 0, skipped: 0 };
  const resultLines: string[] = [];
  let offsetMs = 0;
  for (const tc of report.cases) {
    counts.total++;
    if (tc.status === 'passed') counts.passed++;
    else if (tc.status === 'failed') counts.failed++;
    else if (tc.status === 'error') counts.errors++;
    else counts.skipped++;
    const id = testId(project, tc.suite, tc.className ?? '', tc.name, tc.file ?? '');
    const owner = resolvedOwner(tenantId, project, tc.file, tc.owner);
    let attemptStart = tc.startedAt ? tc.startedAt.getTime() : startedAt.getTime() + offsetMs;
    let attemptNo = 1;
    for (const a of tc.retries ?? []) {
      resultLines.push(resultLine(sharedJson, tenantId, tc, id, owner, a, attemptNo++, false, attemptStart, input.encrypt));
      attemptStart += Math.max(0, a.durationMs || 0);
    }
    resultLines.push(resultLine(sharedJson, tenantId, tc, id, owner, tc, attemptNo, true, attemptStart, input.encrypt));
    if (!tc.startedAt) offsetMs += Math.max(0, tc.durationMs || 0);
  }
  const durationMs =
    meta.finishedAt && meta.startedAt
      ? Math.max(0, Date.parse(meta.finishedAt) - Date.parse(meta.startedAt))
      : report.durationMs ?? offsetMs;
  const finishedAt = meta.finishedAt ? new Date(meta.finishedAt) : new Date(startedAt.getTime() + durationMs);
  const perfLines = (report.perf ?? []).map((p) =>
    JSON.stringify({
      ...common,
      suite: p.suite ?? '',
      test_id: p.testName ? testId(project, p.suite ?? '', '', p.testName, '') : '',
      metric: p.metric,
      value: p.value,
      unit: p.unit ?? '',
      ts: chTime(p.ts ?? startedAt),
      labels: p.labels ?? {},
    }),
  );
  const runLine = JSON.stringify({
    ...common,
    source_format: report.format,
    ci_provider: meta.ciProvider ?? '',
    build_id: meta.buildId ?? '',
    build_url: meta.buildUrl ?? '',
    commit_sha: meta.commitSha ?? '',
    pull_request: meta.pullRequest ?? '',
    shard: meta.shard ?? '',
    started_at: chTime(startedAt),
    finished_at: chTime(finishedAt),
    duration_ms: durationMs,
    ...counts,
    labels: { ...report.properties, ...meta.labels },
    content_hash: input.contentHash,
  });
  return {
    tenantId, runId, contentHash: input.contentHash, counts, startedAt, runLine,
    results: ndjson(resultLines), resultRows: resultLines.length,
    perf: ndjson(perfLines), perfRows: perfLines.length,
  };
}

/**
 * The lines, each '\n'-terminated, encoded straight into one buffer: no
 * joined string in between (joining copies every line once more, and the
 * lines are deep ropes of template pieces). Sized for one byte per
 * character, the common case. A write stops before a character that does
 * not fit, so one that leaves fewer than 4 bytes free may be cut short: the
 * buffer then grows and the line is written again.
 */
function ndjson(lines: string[]): Buffer {
  if (lines.length === 0) return Buffer.alloc(0);
  let left = lines.length;
  for (const line of lines) left += line.length;
  let out = Buffer.allocUnsafe(left + 1024);
  let at = 0;
  for (const line of lines) {
    left -= line.length + 1;
    let written = out.write(line, at);
    if (out.length - at - written < 4) {
      const grown = Buffer.allocUnsafe(at + Buffer.byteLength(line) + left + 1024);
      out.copy(grown, 0, 0, at);
      out = grown;
      written = out.write(line, at);
    }
    at += written;
    out[at++] = 0x0a;
  }
  return out.subarray(0, at);
}

/**
 * One test_results row: the run's shared columns + this attempt's columns.
 * Hot path (one call per row): no closures or intermediate arrays.
 */
function resultLine(
  sharedJson: string,
  tenantId: string,
  tc: ParsedTestCase,
  id: string,
  owner: string,
  attempt: ParsedAttempt,
  attemptNo: number,
  final: boolean,
  startedAtMs: number,
  encrypt: FieldEncryptor | undefined,
): string {
  const status: TestStatus = attempt.status;
  const error = attempt.error;
  const failing = status === 'failed' || status === 'error';
  const stack = clip(error?.stack);
  const stdout = clip(attempt.stdout);
  const stderr = clip(attempt.stderr);
  const signature = failing && error ? errorSignature(error, tenantId) : '';
  const duration = Number.isFinite(attempt.durationMs) ? Math.max(0, attempt.durationMs) : 0;
  // A template with jsonString() per text value: the same values as JSON.stringify
  // of the object (tested), at a fraction of the cost. Text columns left empty are
  // left out: the store fills a missing JSONEachRow field with the column's default
  // ('' or {}; none of these columns declares another DEFAULT), so the row is the
  // same and most rows (passed, no output) are a third shorter to build and parse.
  // started_at is integer milliseconds: DateTime64(3) takes them as is but refuses
  // a fraction, and durations (JUnit seconds) may have one. status is one of
  // TestStatus's four words, which need no escaping.
  let line =
    `${sharedJson},"suite":${jsonString(tc.suite)},"test_id":"${id}","name":${jsonString(tc.name)},"status":"${status}",` +
    `"attempt":${attemptNo},"is_final":${final ? 1 : 0},"duration_ms":${duration},"started_at":${Math.trunc(startedAtMs)}`;
  if (tc.className) line += `,"class_name":${jsonString(tc.className)}`;
  if (tc.file) line += `,"file":${jsonString(tc.file)}`;
  if (error) {
    const type = clip(error.type);
    const message = clip(error.message);
    if (type) line += `,"error_type":${jsonString(type)}`;
    if (message) line += `,"error_message":${jsonString(message)}`;
  }
  if (stack) line += `,"error_stack":${jsonString(encrypt ? encrypt('error_stack', stack) : stack)}`;
  if (signature) line += `,"error_signature":${jsonString(signature)}`;
  if (stdout) line += `,"stdout":${jsonString(encrypt ? encrypt('stdout', stdout) : stdout)}`;
  if (stderr) line += `,"stderr":${jsonString(encrypt ? encrypt('stderr', stderr) : stderr)}`;
  if (owner) line += `,"owner":${jsonString(owner)}`;
  if (tc.labels) line += `,"labels":${JSON.stringify(tc.labels)}`;
  return line + '}';
}

/** The object without its '' values: JSONEachRow fills a missing field with the column default (''). */
function withoutDefaults<T extends Record<string, unknown>>(row: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(row) as [keyof T, T[keyof T]][]) if (v !== '') out[k] = v;
  return out;
}

/** Characters JSON.stringify would escape (plus U+2028/9 and surrogates, to be safe). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** JSON.stringify(s), skipping the call for the common text that needs no escaping. */
export function jsonString(s: string): string {
  if (s.length === 0) return '""';
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}
