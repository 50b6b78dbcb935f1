/**
 * Bulk data for the query benchmark, generated inside the engine with
 * INSERT … SELECT FROM numbers(): building 10M rows in JS and parsing them
 * back took ~10 minutes per million. The shape mirrors the demo generator
 * (backend/src/demo/synthetic-ci.ts): its test catalog per tenant (projects,
 * suites, classes, files, owners, base durations, healthy / flaky / broken /
 * slowing tests), runs spread over 30 days, 2 % infrastructure outages,
 * its error types with varying messages, environments, browsers (web only),
 * OS and branches. Simplifications: one attempt per test (no retry rows),
 * tests of a run start 1 s apart, error signatures are a hash of type and
 * file. test_runs rows are aggregated from the results, so run counts match.
 */
import type { AnalyticsDriver } from '../../backend/src/storage/analytics/driver.ts';
import { syntheticCatalog } from '../../backend/src/demo/synthetic-ci.ts';
import { testId } from '../../backend/src/ingest/test-id.ts';

const DAY = 86_400_000;
const BEHAVIOUR = { healthy: 0, flaky: 1, broken: 2, slowing: 3 } as const;

// u(salt): a deterministic uniform [0, 1) per (run, test, salt); run-level draws use k = 0.
const U = (salt: number, perTest = true) => `(sipHash64(r, ${perTest ? 'k' : '0'}, ${salt}, {seed:UInt32}) % 1000000) / 1000000`;

const RESULTS_SQL = `
INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, class_name, file, status, attempt, is_final,
  duration_ms, started_at, error_type, error_message, error_stack, error_signature, environment, browser, os, branch,
  commit_sha, pull_request, build_id, owner, retention_days)
SELECT tenant_id, run_id, project, suite, test_id, name, class_name, file, status, 1, 1, duration_ms, started_at,
  if(failed, error_type, ''), if(failed, error_message, ''), if(failed, error_stack, ''),
  if(failed, lower(hex(sipHash64(error_type, file))), ''), environment, browser, os, branch, commit_sha,
  if(branch = 'main', '', toString(100 + r % 900)), build_id, owner, 3650
FROM (
  SELECT
    intDiv(number, {tests:UInt32}) AS r, number % {tests:UInt32} AS k, k + 1 AS i,
    {tenant:String} AS tenant_id, {project:String} AS project,
    concat('bench-', toString({seed:UInt32}), '-', project, '-', toString(r)) AS run_id,
    {suites:Array(String)}[i] AS suite, {ids:Array(String)}[i] AS test_id, {names:Array(String)}[i] AS name,
    {classes:Array(String)}[i] AS class_name, {files:Array(String)}[i] AS file, {owners:Array(String)}[i] AS owner,
    {behaviours:Array(UInt8)}[i] AS behaviour, {base:Array(Float64)}[i] AS base_ms,
    (r % 100) / 100 AS progress,
    ${U(1, false)} < 0.02 AS outage,
    (outage AND ${U(2)} < 0.8) OR behaviour = ${BEHAVIOUR.broken} OR (behaviour = ${BEHAVIOUR.flaky} AND ${U(3)} < 0.25)
      OR (behaviour = ${BEHAVIOUR.healthy} AND ${U(4)} < 0.003) AS fails,
    fails AND behaviour = ${BEHAVIOUR.flaky} AND ${U(5)} < 0.5 AS retried_pass,
    NOT fails AND ${U(6)} < 0.02 AS skipped,
    fails AND NOT retried_pass AS failed,
    multiIf(failed, 'failed', skipped, 'skipped', 'passed') AS status,
    if(skipped, 0, round(base_ms * if(behaviour = ${BEHAVIOUR.slowing}, 1 + progress * 0.8, 1) * (0.8 + ${U(7)} * 0.4))) AS duration_ms,
    fromUnixTimestamp64Milli(toInt64({start:Int64} + (r * 7919000) % ${30 * DAY} + k * 1000)) AS started_at,
    toUInt8(sipHash64(r, k, 8, {seed:UInt32}) % 5) AS e,
    ['AssertionError', 'TimeoutError', 'java.net.SocketTimeoutException', 'NullPointerException', 'TestFailure'][e + 1] AS error_type,
    multiIf(
      e = 0, concat('expected ', toString(sipHash64(r, k, 9) % 500), ' to equal ', toString(sipHash64(r, k, 10) % 500)),
      e = 1, concat('locator.click: Timeout ', toString([5000, 10000, 30000][sipHash64(r, k, 11) % 3 + 1]), 'ms exceeded.'),
      e = 2, concat('Read timed out after ', toString(sipHash64(r, k, 12) % 3000), ' ms connecting to http://10.0.', toString(sipHash64(r, k, 13) % 255), '.7:8080/api/orders'),
      e = 3, 'Cannot invoke "com.acme.users.User.getEmail()" because "user" is null',
      concat('Expected: <', toString(sipHash64(r, k, 14) % 10), '>\\n  Actual: <', toString(sipHash64(r, k, 15) % 10), '>')) AS error_message,
    concat(error_type, ': ', error_message, '\\n    at ', file, ':', toString(40 + e), ':12') AS error_stack,
    ['staging', 'qa', 'production-canary'][sipHash64(r, 0, 16, {seed:UInt32}) % 3 + 1] AS environment,
    if(project = 'web', ['chromium', 'firefox', 'webkit'][sipHash64(r, 0, 17, {seed:UInt32}) % 3 + 1], '') AS browser,
    ['linux', 'linux', 'macos', 'windows'][sipHash64(r, 0, 18, {seed:UInt32}) % 4 + 1] AS os,
    if(${U(19, false)} < 0.6, 'main', ['feature/checkout-v2', 'fix/login-timeout', 'renovate/deps'][sipHash64(r, 0, 20) % 3 + 1]) AS branch,
    lower(hex(SHA1(run_id))) AS commit_sha,
    toString(100000 + sipHash64(r, 0, 21, {seed:UInt32}) % 900000) AS build_id
  FROM numbers({rows:UInt64})
)`;

const RUNS_SQL = `
INSERT INTO test_runs (tenant_id, run_id, project, source_format, ci_provider, build_id, commit_sha, branch, pull_request,
  environment, os, browser, started_at, finished_at, duration_ms, total, passed, failed, errors, skipped, content_hash, retention_days)
SELECT tenant_id, run_id, any(project), 'json', 'github-actions', any(build_id), any(commit_sha), any(branch), any(pull_request),
  any(environment), any(os), any(browser), min(started_at), max(started_at) + toIntervalMillisecond(toInt64(max(duration_ms))), sum(duration_ms),
  count(), countIf(status = 'passed'), countIf(status = 'failed'), 0, countIf(status = 'skipped'), 'bench', 3650
FROM test_results WHERE tenant_id = {tenant:String}
GROUP BY tenant_id, run_id`;

/** Inserts ~resultsPerTenant results (and their runs) for one tenant; returns the result count. */
export async function generateTenant(db: AnalyticsDriver, tenantId: string, tenantIndex: number, resultsPerTenant: number, now: number): Promise<number> {
  const catalog = syntheticCatalog(tenantIndex + 1);
  const projects = [...new Set(catalog.map((t) => t.project))];
  let total = 0;
  for (const [pi, project] of projects.entries()) {
    const tests = catalog.filter((t) => t.project === project);
    // Whole runs only: each project gets an equal share, rounded down to full runs.
    const rows = Math.floor(resultsPerTenant / projects.length / tests.length) * tests.length;
    await db.command(RESULTS_SQL, {
      tenant: tenantId,
      project,
      seed: tenantIndex * 10 + pi,
      tests: tests.length,
      rows,
      start: now - 30 * DAY,
      suites: tests.map((t) => t.suite),
      ids: tests.map((t) => testId(project, t.suite, t.className, t.name, t.file)),
      names: tests.map((t) => t.name),
      classes: tests.map((t) => t.className),
      files: tests.map((t) => t.file),
      owners: tests.map((t) => t.owner),
      behaviours: tests.map((t) => BEHAVIOUR[t.behaviour]),
      base: tests.map((t) => t.baseMs),
    });
    total += rows;
  }
  await db.command(RUNS_SQL, { tenant: tenantId });
  return total;
}
