/**
 * Static check of the tenant-isolation invariant: every path that reads test
 * data goes through the query compiler (tenant guard, row policies, masking).
 *
 * The scan finds every source file outside the compiler (src/query) and the
 * drivers (src/storage) that can reach the analytics store — names the driver
 * type, or the service's `analytics` member — or that holds hand-written SQL
 * over an analytics table or over the metadata copies of test data (test
 * states, quarantines). Each such file must be listed below with its class and
 * the reason it may; a new file fails this test until a reviewer classifies it.
 * Preferred fix for a failure: read through `compileQuery` / the lookups of
 * src/query/index.ts under the caller's compile context instead.
 *
 * Classes (checked where they can be):
 *  - compiled: executes only SQL the compiler printed under the caller's or the job's principal;
 *  - gated: a user-facing raw read that refuses every caller the compiler would restrict
 *    (security/raw-read-guard.ts `requireUnrestrictedRead`, checked);
 *  - guarded-metadata: reads test data kept in the metadata store and filters/masks it through
 *    the compiler's test lookup (checked: uses `testView`);
 *  - internal: scheduled detection, mirror sync, ingest, retention/erasure/re-encryption,
 *    export file bookkeeping: tenant-bound (tenant is a required argument and predicate) and
 *    returns nothing user-visible, or only counts to the tenant's Admin;
 *  - cross-tenant: no tenant predicate at all; must be named DANGEROUS_… (checked);
 *  - wiring: passes the driver on, reads nothing itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

type Kind = 'compiled' | 'gated' | 'guarded-metadata' | 'internal' | 'cross-tenant' | 'wiring';

const ALLOWED: Record<string, { kind: Kind; why: string }> = {
  'queries/query-service.ts': { kind: 'compiled', why: 'execute() runs compiled SQL only: panels, values, annotations, previews, reports, the lookups' },
  'exports/export-runner.ts': { kind: 'compiled', why: 'the export query, its pivot values, counts and row estimate all derive from compileQuery under the job principal' },
  'exports/piped-export.ts': { kind: 'compiled', why: 'runs the export write the runner built from the compiled query (fileWriteSql of exportSql), into a named pipe' },
  'exports/written-rows.ts': { kind: 'internal', why: 'counts the rows of the file the engine just wrote (file(), no table)' },
  'exports/export-service.ts': { kind: 'wiring', why: 'hands the driver to runExport' },
  'exports/open-exports.ts': { kind: 'wiring', why: 'constructs the export service' },
  'reports/scheduler/open-reports.ts': { kind: 'wiring', why: 'builds the QueryService reports compile through' },
  'services.ts': { kind: 'wiring', why: 'opens the driver and the services' },
  'ingest/writer.ts': { kind: 'internal', why: 'ingest: inserts, and reads its own dedup hashes by tenant and run id' },
  'audit/audit-log.ts': { kind: 'internal', why: 'appends audit records' },
  'audit/audit-query.ts': { kind: 'internal', why: 'GET /api/v1/audit: Admin only (requireOperation admin), tenant-bound, audit records are not test data' },
  'routes/api/query/audit.ts': { kind: 'internal', why: 'the Admin audit route calling readAudit' },
  'routes/api/query/erasure.ts': { kind: 'internal', why: 'Admin erasure: counts/deletes through a WHERE printed by the compiler pipeline (security/erasure.ts)' },
  'routes/api/query/settings.ts': { kind: 'internal', why: 'Admin retention and re-encryption (writes)' },
  'routes/health.ts': { kind: 'internal', why: 'SELECT 1 liveness probe' },
  'security/erasure.ts': { kind: 'internal', why: 'erasure: runPipeline with the tenant guard prints the WHERE; the DELETE reuses it' },
  'security/retention.ts': { kind: 'internal', why: 'retention update, tenant-bound command' },
  'security/rollup-rebuild.ts': { kind: 'internal', why: 'rebuilds one tenant\'s hourly rollup (command)' },
  'security/encryption/reencrypt.ts': { kind: 'internal', why: 're-encrypts one tenant\'s fields in place (command)' },
  'security/tenant-security.ts': { kind: 'wiring', why: 'passes the driver to reencryptTenant' },
  'intelligence/service/intelligence-service.ts': { kind: 'wiring', why: 'runs evaluations, regression checks and the mirror' },
  'intelligence/service/evaluation.ts': { kind: 'internal', why: 'monitor evaluation as the tenant over its own data (fetchHistories is tenant-bound); the preview route that shows its output is gated' },
  'intelligence/regressions/scheduled.ts': { kind: 'internal', why: 'scheduled regression check; writes regression_checks, read back through the guarded regressions dataset' },
  'intelligence/mirror/state-mirror.ts': { kind: 'internal', why: 'mirror sync metadata → analytics; users read the mirror through the guarded test_states dataset' },
  'intelligence/mirror/enrich-sql.ts': { kind: 'internal', why: 'tenant-bound SQL builder of the mirror sync' },
  'intelligence/monitors/history-sql.ts': { kind: 'internal', why: 'tenant-bound SQL builder for evaluation (and the gated preview)' },
  'intelligence/regressions/samples-sql.ts': { kind: 'internal', why: 'tenant-bound SQL builder for the scheduled check and the gated /regressions route' },
  'intelligence/diff/sides-sql.ts': { kind: 'internal', why: 'tenant-bound SQL builder of the gated /diff route' },
  'intelligence/signature/clusters-sql.ts': { kind: 'internal', why: 'tenant-bound SQL builder of the gated /clusters route' },
  'intelligence/store/records.ts': { kind: 'internal', why: 'state/quarantine records in the metadata store: the evaluation and the quarantine routes (after their guarded lookup)' },
  'routes/api/intelligence/clusters.ts': { kind: 'gated', why: 'raw clusters SQL, refused under policies or masking' },
  'routes/api/intelligence/compare.ts': { kind: 'gated', why: 'raw diff and regressions SQL, refused under policies or masking' },
  'routes/api/intelligence/monitors.ts': { kind: 'gated', why: 'monitor preview over raw histories, refused under policies or masking' },
  'routes/api/intelligence/states.ts': { kind: 'gated', why: 'test states from the metadata store, refused under policies or masking' },
  'routes/api/intelligence/quarantine.ts': { kind: 'guarded-metadata', why: 'quarantines in the metadata store, resolved/filtered/masked through compileTestLookup' },
  'platform/sampler.ts': { kind: 'cross-tenant', why: 'self-monitoring sampler calling the cross-tenant storage probe' },
  'platform/storage-probe.ts': { kind: 'cross-tenant', why: 'rows and bytes per tenant for self-monitoring; never returned to a user' },
};

const src = fileURLToPath(new URL('../../src/', import.meta.url));
/** The compiler and the drivers are the mechanism itself (their own tests cover them). */
const EXEMPT_DIRS = ['query', 'storage'];

const DRIVER = /\bAnalyticsDriver\b|\bChdbDriver\b|from 'chdb'|@clickhouse\/client|\b(services|deps|s|this|app\.services)\.analytics\b/;
const ANALYTICS_TABLES = 'test_results|test_runs|perf_samples|test_results_hourly|test_states_mirror|quarantine_periods|regression_checks|failure_clusters_daily|audit_log|platform_metrics';
const RAW_ANALYTICS_SQL = new RegExp(`(FROM|JOIN|INTO|TABLE)\\s+\`?(${ANALYTICS_TABLES})\\b`);
const RAW_METADATA_TEST_DATA = /(FROM|JOIN|INTO|UPDATE)\s+(test_states|quarantines|test_state_history)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) return EXEMPT_DIRS.includes(relative(src, full)) ? [] : sources(full);
    return e.endsWith('.ts') ? [full] : [];
  });
}

function reaching(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of sources(src)) {
    const text = readFileSync(f, 'utf8');
    if (DRIVER.test(text) || RAW_ANALYTICS_SQL.test(text) || RAW_METADATA_TEST_DATA.test(text)) out.set(relative(src, f), text);
  }
  return out;
}

test('every file that can read the analytics store or test data without the compiler is classified', () => {
  const found = reaching();
  const unlisted = [...found.keys()].filter((f) => !(f in ALLOWED)).sort();
  assert.deepEqual(unlisted, [],
    `these files read the analytics store or test data with SQL of their own: route them through compileQuery / the lookups in src/query/index.ts under the caller's context, or classify them in ${relative(process.cwd(), fileURLToPath(import.meta.url))} with the reason`);
  const stale = Object.keys(ALLOWED).filter((f) => !found.has(f)).sort();
  assert.deepEqual(stale, [], 'allowlisted files that no longer reach the store: remove them from the list');
});

test('each class keeps its promise where a scan can tell', () => {
  const found = reaching();
  for (const [file, { kind }] of Object.entries(ALLOWED)) {
    const text = found.get(file) ?? '';
    if (kind === 'gated') assert.match(text, /requireUnrestrictedRead\(/, `${file} is gated: it must call requireUnrestrictedRead`);
    if (kind === 'guarded-metadata') assert.match(text, /testView\(/, `${file} must filter through the compiler's test lookup`);
    if (kind === 'cross-tenant') assert.match(text, /DANGEROUS_/, `${file} reads across tenants: the read must be named DANGEROUS_…`);
    if (file.startsWith('routes/')) assert.ok(kind !== 'compiled', `${file}: routes execute compiled SQL through the query service, not the driver`);
  }
});

test('no product code outside the compiler compiles without the tenant guard', () => {
  const users = sources(src).filter((f) => /DANGEROUS_compileWithoutTenantGuard/.test(readFileSync(f, 'utf8'))).map((f) => relative(src, f));
  assert.deepEqual(users, []);
});

test('the routes fixed in the guard audit read only through the compiler', () => {
  for (const file of ['routes/api/runs/get-run.ts', 'routes/api/intelligence/quarantine.ts', 'routes/api/intelligence/visible-tests.ts']) {
    const text = readFileSync(join(src, file), 'utf8');
    assert.doesNotMatch(text, /\.analytics\b/, `${file} must not touch the analytics driver`);
    assert.doesNotMatch(text, RAW_ANALYTICS_SQL, `${file} must not hold SQL over analytics tables`);
  }
});
