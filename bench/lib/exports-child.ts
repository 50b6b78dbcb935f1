/**
 * One step of the exports benchmark in its own process, so `maxRSS` is the
 * honest peak of that step alone:
 *   setup  <dataDir> <rows>           the backend's services; a tenant; <rows> distinct tests
 *                                     generated inside chDB (INSERT … SELECT FROM numbers())
 *   job    <dataDir> <format> <tenant> the export job path (service → compile → count → engine
 *                                     file → encrypt → local storage), as the server runs it
 *   engine <dataDir> <format> <tenant> the baseline: the engine alone writes the same compiled
 *                                     export query to a local file
 *   rowsjob / rowsengine <dataDir> <format> <tenant>
 *                                     the same two for a raw rows query (shape `rows`: the tenant's
 *                                     rows themselves, no GROUP BY, newest first)
 * Prints one JSON line. Peak anonymous memory is sampled from /proc (RssAnon
 * every 20 ms): maxRSS also counts the pages of libchdb's code and data that
 * the process touched (~280 MB before any query), which are file-backed.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../backend/src/config/load.ts';
import { openServices } from '../../backend/src/services.ts';
import { ChdbDriver } from '../../backend/src/storage/analytics/chdb-driver.ts';
import { compileQuery } from '../../backend/src/query/index.ts';
import { exportSql, fileWriteSql } from '../../backend/src/exports/export-sql.ts';
import { FORMAT_SPECS, type ExportFormat } from '../../backend/src/exports/formats.ts';
import { engineSettings, limitsFromConfig } from '../../backend/src/exports/engine-settings.ts';
import { QUERY, ROWS_QUERY } from './exports-queries.ts';

const [mode, dataDir, a, b] = process.argv.slice(2) as [string, string, string, string];


let peakAnon = 0;
const anonMb = () => Number(/RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const sampler = setInterval(() => (peakAnon = Math.max(peakAnon, anonMb())), 20);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
// The export engine limits may be varied per run (SEMANTEST_EXPORT_ENGINE_*); job and baseline read the same.
const engineEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('SEMANTEST_EXPORT_ENGINE_'))) as Record<string, string>;
const config = () => loadConfig({ ...engineEnv, DATA_DIR: dataDir, SEMANTEST_DEMO: 'false' });

async function setup(rows: number) {
  const s = await openServices(config());
  const tenant = await s.tenants.create({ slug: 'bench' });
  const t0 = performance.now();
  await s.analytics.command(
    `INSERT INTO test_results (tenant_id, run_id, project, suite, test_id, name, status, attempt, is_final, duration_ms, started_at, retention_days)
     SELECT {t:String}, 'r1', 'big', 's', toString(number), concat('test-', toString(number)), if(number % 9 = 0, 'failed', 'passed'), 1, 1, number % 1000, now64(3), 365
     FROM numbers({n:UInt64})`,
    { t: tenant.id, n: rows }
  );
  const insertMs = performance.now() - t0;
  await s.close();
  return { tenantId: tenant.id, insertMs };
}

async function job(format: ExportFormat, tenantId: string, query: Record<string, unknown>) {
  const s = await openServices(config());
  const idleRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const t0 = performance.now();
  // The row estimate is the first progress event that carries it: time to it = the estimate's cost.
  let estimateMs = 0;
  s.exports.on('progress', (e: { rowsEstimated: number | null }) => {
    if (e.rowsEstimated !== null && estimateMs === 0) estimateMs = performance.now() - t0;
  });
  const created = await s.exports.create({ tenantId, createdBy: 'bench', principal: { kind: 'service', role: 'Admin' }, query, format });
  await s.exports.idle();
  const ms = performance.now() - t0;
  const done = await s.exports.require(tenantId, created.id);
  if (done.status !== 'succeeded') throw new Error(`export ${done.status}: ${done.error}`);
  await s.exports.delete(tenantId, done.id);
  await s.close();
  return { ms, estimateMs, rows: done.rowsWritten, bytes: done.bytes ?? 0, idleRssMb };
}

async function engine(format: ExportFormat, tenantId: string, query: Record<string, unknown>) {
  const driver = new ChdbDriver(join(dataDir, 'clickhouse'));
  const ctx = {
    tenantId,
    principal: { kind: 'service' as const, role: 'Admin' as const },
    policies: [],
    maskingRules: [],
    tenantSettings: { denyByDefault: false, maskingKey: null },
    now: new Date(),
  };
  // Compiling is part of the timed baseline, as it is part of the job.
  return writeFile(driver, format, 'baseline', () => exportSql(compileQuery(query, ctx as never), format, 100_000_000));
}

/** The engine writes `plan` to DATA_DIR/<name>.<ext> (timed from before `plan()`), then counts the file's rows. */
async function writeFile(driver: ChdbDriver, format: ExportFormat, name: string, plan: () => { sql: string; params: Record<string, unknown> }) {
  const idleRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const spec = FORMAT_SPECS[format];
  const out = join(dataDir, `${name}.${spec.ext}`);
  const t0 = performance.now();
  const p = plan();
  // The engine limits the job's write runs under (config exports.engine*): the baseline does the same work.
  const settings = [spec.fileSettings, engineSettings(limitsFromConfig(config().exports))].filter(Boolean).join(', ');
  const write = fileWriteSql({ ...p, countSql: '', names: [] }, spec.fileEngine, settings || undefined);
  await driver.command(write.sql, { ...p.params, [write.pathParam]: out });
  const ms = performance.now() - t0;
  const bytes = statSync(out).size;
  const [r] = await driver.query<{ c: string }>(`SELECT count() AS c FROM file({p:String}, '${spec.fileEngine}')`, { p: out });
  rmSync(out, { force: true });
  await driver.close();
  return { ms, rows: Number(r?.c ?? 0), bytes, idleRssMb };
}

// No top-level await: keep the child runnable however tsx compiles it.
async function main(): Promise<void> {
  const result =
    mode === 'setup'
      ? await setup(Number(a))
      : mode.endsWith('job')
        ? await job(a as ExportFormat, b, mode === 'rowsjob' ? ROWS_QUERY : QUERY)
        : await engine(a as ExportFormat, b, mode === 'rowsengine' ? ROWS_QUERY : QUERY);
  clearInterval(sampler);
  console.log(JSON.stringify({ ...result, peakRssMb: peakRssMb(), peakAnonMb: Math.round(Math.max(peakAnon, anonMb())) }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
