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
  resultLines: string[];
  perfLines: string[];
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
  const sharedJson = JSON.stringify({
    ...common,
    commit_sha: meta.commitSha ?? '',
    pull_request: meta.pullRequest ?? '',
    build_id: meta.buildId ?? '',
    shard: meta.shard ?? '',
  }).slice(0, -1);
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
    const attempts: Array<ParsedAttempt & { final: boolean }> = [
      ...(tc.retries ?? []).map((a) => ({ ...a, final: false })),
      { status: tc.status, durationMs: tc.durationMs, error: tc.error, stdout: tc.stdout, stderr: tc.stderr, final: true },
    ];
    const caseStart = tc.startedAt ?? new Date(startedAt.getTime() + offsetMs);
    let attemptStart = caseStart.getTime();
    attempts.forEach((a, i) => {
      resultLines.push(resultLine(sharedJson, tenantId, project, tc, id, a, i + 1, attemptStart, input.encrypt));
      attemptStart += Math.max(0, a.durationMs || 0);
    });
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
  return { tenantId, runId, contentHash: input.contentHash, counts, startedAt, runLine, resultLines, perfLines };
}

function resultLine(
  sharedJson: string,
  tenantId: string,
  project: string,
  tc: ParsedTestCase,
  id: string,
  attempt: ParsedAttempt & { final: boolean },
  attemptNo: number,
  startedAtMs: number,
  encrypt?: FieldEncryptor,
): string {
  const sealed = (field: 'error_stack' | 'stdout' | 'stderr', v: string): string => (encrypt ? encrypt(field, v) : v);
  const status: TestStatus = attempt.status;
  const failing = status === 'failed' || status === 'error';
  const own = JSON.stringify({
    suite: tc.suite,
    test_id: id,
    name: tc.name,
    class_name: tc.className ?? '',
    file: tc.file ?? '',
    status,
    attempt: attemptNo,
    is_final: attempt.final ? 1 : 0,
    duration_ms: Number.isFinite(attempt.durationMs) ? Math.max(0, attempt.durationMs) : 0,
    // DateTime64(3) takes integer milliseconds: cheaper than formatting text per row.
    started_at: startedAtMs,
    error_type: clip(attempt.error?.type),
    error_message: clip(attempt.error?.message),
    error_stack: sealed('error_stack', clip(attempt.error?.stack)),
    error_signature: failing && attempt.error ? errorSignature(attempt.error, tenantId) : '',
    stdout: sealed('stdout', clip(attempt.stdout)),
    stderr: sealed('stderr', clip(attempt.stderr)),
    owner: resolvedOwner(tenantId, project, tc.file, tc.owner),
    labels: tc.labels ?? {},
  });
  return `${sharedJson},${own.slice(1)}`;
}
